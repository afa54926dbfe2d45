// Manifests and diff readers shared by the demo and real-cluster diff tests.

/** A partial Deployment for shop/web with one container image; server-side apply fills the rest. */
export const webManifest = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
      - name: web
        image: ${image}
`;

/** The +/- content lines of a unified diff, headers left out, in diff order. */
export function diffChanges(text: string): string[] {
  return text.split('\n').filter((l) => /^[+-]/.test(l) && !/^(\+\+\+|---) /.test(l));
}
