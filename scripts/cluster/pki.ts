// Certificates for the local control plane, made with Debian's openssl:
// one CA, the apiserver's serving cert, an admin client (system:masters),
// a limited client (plain user, RBAC decides), and the service-account keys.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { HOST, paths } from './config.js';

export const LIMITED_USER = 'kdeck-limited';
export const ADMIN_USER = 'kdeck-admin';

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
    if (e.code === 'ENOENT') throw new Error('openssl is not installed (apt-get install openssl); it is needed to make the cluster certificates');
    throw new Error(`openssl ${args[0]} failed: ${e.stderr?.toString().trim() ?? e.message}`);
  }
}

function clientCert(dir: string, name: string, subject: string): void {
  openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir);
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '365', '-out', `${name}.crt`,
    '-extfile', 'client.ext'], dir);
}

export interface Pki {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  adminCert: string;
  adminKey: string;
  limitedCert: string;
  limitedKey: string;
  saKey: string;
  saPub: string;
}

export function pkiFiles(dir = paths.pki): Pki {
  const f = (n: string) => path.join(dir, n);
  return {
    dir,
    caCert: f('ca.crt'),
    caKey: f('ca.key'),
    serverCert: f('apiserver.crt'),
    serverKey: f('apiserver.key'),
    adminCert: f('admin.crt'),
    adminKey: f('admin.key'),
    limitedCert: f('limited.crt'),
    limitedKey: f('limited.key'),
    saKey: f('sa.key'),
    saPub: f('sa.pub'),
  };
}

/** Fresh certificates each time: a cluster's state never outlives a cluster:down anyway. */
export function makePki(dir = paths.pki): Pki {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(
    path.join(dir, 'server.ext'),
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth,clientAuth',
      // 10.96.0.1 is the in-cluster "kubernetes" service address.
      `subjectAltName=IP:${HOST},IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc`,
      '',
    ].join('\n'),
  );
  fs.writeFileSync(path.join(dir, 'client.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n');
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '365', '-subj', '/CN=kdeck-e2e-ca'], dir);
  openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'apiserver.key', '-out', 'apiserver.csr', '-subj', '/CN=kube-apiserver'], dir);
  openssl(['x509', '-req', '-in', 'apiserver.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '365', '-out', 'apiserver.crt', '-extfile', 'server.ext'], dir);
  clientCert(dir, 'admin', `/O=system:masters/CN=${ADMIN_USER}`);
  clientCert(dir, 'limited', `/CN=${LIMITED_USER}`);
  openssl(['genrsa', '-out', 'sa.key', '2048'], dir);
  openssl(['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
  return pkiFiles(dir);
}
