import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeconfigError, resolveKubeconfig, withContext } from '../../src/sources/kube/kubeconfig.js';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kdeck-kc-'));
}

function write(file: string, text: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const fileA = `
apiVersion: v1
kind: Config
current-context: a-ctx
clusters:
- name: shared
  cluster:
    server: https://a.example:6443
    certificate-authority: certs/ca.crt
- name: only-a
  cluster:
    server: https://only-a.example:6443
users:
- name: shared-user
  user:
    token: token-from-a
- name: cert-user
  user:
    client-certificate: certs/client.crt
    client-key: /abs/client.key
contexts:
- name: a-ctx
  context: { cluster: shared, user: shared-user, namespace: team-a }
- name: cert-ctx
  context: { cluster: only-a, user: cert-user }
`;

const fileB = `
apiVersion: v1
kind: Config
current-context: b-ctx
clusters:
- name: shared
  cluster:
    server: https://b.example:6443
- name: only-b
  cluster:
    server: https://only-b.example:6443
users:
- name: shared-user
  user:
    token: token-from-b
- name: b-user
  user:
    username: admin
    password: secret
contexts:
- name: a-ctx
  context: { cluster: only-b, user: b-user }
- name: b-ctx
  context: { cluster: only-b, user: b-user }
`;

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof KubeconfigError, `expected KubeconfigError, got ${String(err)}`);
    assert.ok(!err.message.includes('\n'), `message must be one line: ${err.message}`);
    return err.message;
  }
  assert.fail('expected an error');
}

test('KUBECONFIG with several files: first current-context wins, first file wins for duplicate names, missing files skipped', () => {
  const dir = tempDir();
  const a = write(path.join(dir, 'a', 'config'), fileA);
  const b = write(path.join(dir, 'b', 'config'), fileB);
  const missing = path.join(dir, 'nope', 'config');
  const r = resolveKubeconfig({ env: { KUBECONFIG: [missing, a, b].join(path.delimiter) }, homeDir: dir });
  assert.equal(r.context.name, 'a-ctx');
  assert.deepEqual(r.files, [a, b]);
  // a-ctx exists in both files; a's definition (cluster "shared", ns team-a) wins.
  assert.equal(r.context.cluster, 'shared');
  assert.equal(r.namespace, 'team-a');
  // shared cluster and user come from a as well.
  assert.equal(r.cluster.server, 'https://a.example:6443');
  assert.equal(r.user.token, 'token-from-a');
  assert.equal(r.authMethod, 'token');
  assert.deepEqual(
    r.contexts.map((c) => c.name),
    ['a-ctx', 'cert-ctx', 'b-ctx'],
  );
  assert.equal(r.contexts.find((c) => c.name === 'b-ctx')?.server, 'https://only-b.example:6443');

  // Order matters: with b first, b's current context and definitions win.
  const rb = resolveKubeconfig({ env: { KUBECONFIG: [b, a].join(path.delimiter) }, homeDir: dir });
  assert.equal(rb.context.name, 'b-ctx');
  assert.equal(rb.authMethod, 'basic');
  const rba = withContext(rb, 'a-ctx');
  assert.equal(rba.context.cluster, 'only-b');
  assert.equal(rba.namespace, 'default');
});

test('relative certificate paths are resolved against the directory of the file that holds them', () => {
  const dir = tempDir();
  const a = write(path.join(dir, 'a', 'config'), fileA);
  const other = write(path.join(dir, 'elsewhere', 'config'), 'apiVersion: v1\nkind: Config\n');
  const r = resolveKubeconfig({ env: { KUBECONFIG: [other, a].join(path.delimiter) }, context: 'a-ctx' });
  assert.equal(r.cluster.caFile, path.join(dir, 'a', 'certs', 'ca.crt'));
  const rc = withContext(r, 'cert-ctx');
  assert.equal(rc.authMethod, 'client certificate');
  assert.equal(rc.user.certFile, path.join(dir, 'a', 'certs', 'client.crt'));
  assert.equal(rc.user.keyFile, '/abs/client.key');
});

test('--kubeconfig is read alone, and a missing one is an error naming the file', () => {
  const dir = tempDir();
  const a = write(path.join(dir, 'a'), fileA);
  const b = write(path.join(dir, 'b'), fileB);
  const r = resolveKubeconfig({ kubeconfig: b, env: { KUBECONFIG: a } });
  assert.deepEqual(r.files, [b]);
  assert.equal(r.context.name, 'b-ctx');
  const missing = path.join(dir, 'missing.yaml');
  assert.equal(messageOf(() => resolveKubeconfig({ kubeconfig: missing, env: {} })), `kubeconfig ${missing}: no such file`);
});

test('~/.kube/config is used when nothing else is given', () => {
  const home = tempDir();
  write(path.join(home, '.kube', 'config'), fileB);
  const r = resolveKubeconfig({ env: {}, homeDir: home });
  assert.equal(r.context.name, 'b-ctx');
  assert.deepEqual(r.files, [path.join(home, '.kube', 'config')]);
  const empty = tempDir();
  assert.match(messageOf(() => resolveKubeconfig({ env: {}, homeDir: empty })), /\.kube\/config does not exist/);
});

test('malformed YAML is reported with file and line', () => {
  const dir = tempDir();
  const bad = write(path.join(dir, 'bad'), 'apiVersion: v1\nclusters:\n  - name: x\n   cluster: [unclosed\n');
  const msg = messageOf(() => resolveKubeconfig({ kubeconfig: bad, env: {} }));
  assert.match(msg, new RegExp(`^kubeconfig ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid YAML \\(line \\d+: .+\\)$`));
});

test('unknown --context, no current context, and dangling references give one-line errors listing contexts', () => {
  const dir = tempDir();
  const a = write(path.join(dir, 'a'), fileA);
  assert.equal(
    messageOf(() => resolveKubeconfig({ kubeconfig: a, context: 'foo', env: {} })),
    'context "foo" not found in kubeconfig (contexts: a-ctx, cert-ctx)',
  );
  const noCurrent = write(path.join(dir, 'nocur'), fileA.replace('current-context: a-ctx', ''));
  assert.equal(
    messageOf(() => resolveKubeconfig({ kubeconfig: noCurrent, env: {} })),
    'kubeconfig has no current context; pass --context (contexts: a-ctx, cert-ctx)',
  );
  const noContexts = write(path.join(dir, 'none'), 'apiVersion: v1\nkind: Config\nclusters: []\n');
  assert.match(messageOf(() => resolveKubeconfig({ kubeconfig: noContexts, env: {} })), /defines no contexts/);
  const dangling = write(
    path.join(dir, 'dangling'),
    'current-context: x\ncontexts:\n- name: x\n  context: { cluster: ghost, user: u }\nusers:\n- name: u\n  user: { token: t }\n',
  );
  assert.match(messageOf(() => resolveKubeconfig({ kubeconfig: dangling, env: {} })), /context "x" refers to cluster "ghost", which is not in kubeconfig .*dangling/);
  const noUser = write(
    path.join(dir, 'nouser'),
    'current-context: x\ncontexts:\n- name: x\n  context: { cluster: c, user: ghost }\nclusters:\n- name: c\n  cluster: { server: "https://c:6443" }\n',
  );
  assert.match(messageOf(() => resolveKubeconfig({ kubeconfig: noUser, env: {} })), /context "x" refers to user "ghost"/);
  const r = resolveKubeconfig({ kubeconfig: a, env: {} });
  assert.equal(messageOf(() => withContext(r, 'nope')), 'context "nope" not found in kubeconfig (contexts: a-ctx, cert-ctx)');
});

test('namespace: -n beats the context namespace, which beats "default"', () => {
  const dir = tempDir();
  const a = write(path.join(dir, 'a'), fileA);
  assert.equal(resolveKubeconfig({ kubeconfig: a, env: {} }).namespace, 'team-a');
  assert.equal(resolveKubeconfig({ kubeconfig: a, env: {}, namespace: 'ops' }).namespace, 'ops');
  assert.equal(resolveKubeconfig({ kubeconfig: a, env: {}, context: 'cert-ctx' }).namespace, 'default');
});

test('exec and OIDC users are passed through and named', () => {
  const dir = tempDir();
  const cfg = write(
    path.join(dir, 'cfg'),
    `
current-context: eks
clusters:
- name: c
  cluster: { server: "https://c.example:6443" }
users:
- name: aws-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: /usr/local/bin/aws
      args: [eks, get-token, --cluster-name, prod]
- name: rel-exec
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./bin/get-token
- name: oidc-user
  user:
    auth-provider:
      name: oidc
      config: { idp-issuer-url: "https://issuer", client-id: kdeck, id-token: abc }
contexts:
- name: eks
  context: { cluster: c, user: aws-user }
- name: rel
  context: { cluster: c, user: rel-exec }
- name: sso
  context: { cluster: c, user: oidc-user }
`,
  );
  const r = resolveKubeconfig({ kubeconfig: cfg, env: {} });
  assert.equal(r.authMethod, 'exec plugin (aws)');
  assert.deepEqual(r.user.exec.args, ['eks', 'get-token', '--cluster-name', 'prod']);
  const rel = withContext(r, 'rel');
  assert.equal(rel.authMethod, 'exec plugin (get-token)');
  assert.equal(rel.user.exec.command, path.join(dir, 'bin', 'get-token'));
  const sso = withContext(r, 'sso');
  assert.equal(sso.authMethod, 'oidc');
  assert.equal(sso.user.authProvider.name, 'oidc');
});
