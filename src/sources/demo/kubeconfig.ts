// The kubeconfig that points kubectl and kdeck at the demo cluster: an admin
// context and one for a user confined to namespace "shop".

import { stringify } from 'yaml';

export const ADMIN_USER = 'kdeck-admin';
export const LIMITED_USER = 'kdeck-limited';
export const LIMITED_NAMESPACE = 'shop';

export function kubeconfigYaml(url: string, adminToken: string, limitedToken: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    // client-node 2 refuses plain http unless TLS verification is marked skipped.
    // kubectl never sends a bearer token over plain http, so each user gets a
    // cluster entry whose server URL carries its token as a /t/TOKEN prefix;
    // the token is in the user entry too, for clients that do send it.
    clusters: [
      { name: 'kdeck-demo', cluster: { server: `${url}/t/${adminToken}`, 'insecure-skip-tls-verify': true } },
      { name: 'kdeck-demo-limited', cluster: { server: `${url}/t/${limitedToken}`, 'insecure-skip-tls-verify': true } },
    ],
    users: [
      { name: ADMIN_USER, user: { token: adminToken } },
      { name: LIMITED_USER, user: { token: limitedToken } },
    ],
    contexts: [
      { name: 'kdeck-demo', context: { cluster: 'kdeck-demo', user: ADMIN_USER, namespace: 'default' } },
      { name: 'kdeck-demo-limited', context: { cluster: 'kdeck-demo-limited', user: LIMITED_USER, namespace: LIMITED_NAMESPACE } },
    ],
    'current-context': 'kdeck-demo',
    preferences: {},
  });
}
