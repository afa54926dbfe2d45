// Kubeconfigs for the local control plane, with the certificates embedded so
// a file can be copied or pointed at from anywhere.
import fs from 'node:fs';
import { stringify } from 'yaml';
import { CONTEXT_ADMIN, CONTEXT_LIMITED, HOST, LIMITED_NAMESPACE, PORTS } from './config.js';
import { ADMIN_USER, LIMITED_USER, type Pki } from './pki.js';

const b64 = (file: string) => fs.readFileSync(file).toString('base64');

export function writeKubeconfig(file: string, pki: Pki, withLimited: boolean): void {
  const cluster = 'kdeck-e2e';
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': CONTEXT_ADMIN,
    preferences: {},
    clusters: [{ name: cluster, cluster: { server: `https://${HOST}:${PORTS.apiserver}`, 'certificate-authority-data': b64(pki.caCert) } }],
    users: [
      { name: ADMIN_USER, user: { 'client-certificate-data': b64(pki.adminCert), 'client-key-data': b64(pki.adminKey) } },
      ...(withLimited ? [{ name: LIMITED_USER, user: { 'client-certificate-data': b64(pki.limitedCert), 'client-key-data': b64(pki.limitedKey) } }] : []),
    ],
    contexts: [
      { name: CONTEXT_ADMIN, context: { cluster, user: ADMIN_USER } },
      ...(withLimited ? [{ name: CONTEXT_LIMITED, context: { cluster, user: LIMITED_USER, namespace: LIMITED_NAMESPACE } }] : []),
    ],
  };
  fs.writeFileSync(file, stringify(doc), { mode: 0o600 });
}
