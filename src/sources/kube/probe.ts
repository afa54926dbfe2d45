// A quick check, before the UI opens, that the cluster answers and accepts
// the credentials, so that a wrong context fails with one line, not a blank screen.
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { KubeconfigError, type ResolvedKubeconfig } from './kubeconfig.js';
import { CredentialError, describeRequestError, httpErrorFrom, KubeTransport } from './transport.js';

export async function probeCluster(r: ResolvedKubeconfig, timeoutMs = 4000): Promise<{ version: string }> {
  let t: KubeTransport;
  try {
    t = new KubeTransport(r);
  } catch (err) {
    throw new KubeconfigError((err as Error).message);
  }
  const where = `${t.server} (context "${r.context.name}"`;
  const signal = AbortSignal.timeout(timeoutMs);
  const get = async (path: string) => {
    try {
      return await t.request(path, { signal });
    } catch (err) {
      if (err instanceof CredentialError) throw new KubeconfigError(err.message);
      const p = describeRequestError(err);
      if (p.kind === 'tls') throw new KubeconfigError(`TLS error talking to ${where}): ${p.detail}`);
      if (p.kind === 'timeout' || p.kind === 'aborted') {
        throw new KubeconfigError(`cannot reach ${where}): no answer within ${formatMs(timeoutMs)}`);
      }
      throw new KubeconfigError(`cannot reach ${where}): ${p.detail}`);
    }
  };
  const rejected = (message: string) =>
    new KubeconfigError(`credentials rejected by ${where}, auth: ${r.authMethod}): ${message}${certificateHint(r)}`);

  try {
    const res = await get('/version');
    if (res.status === 401) throw rejected((await httpErrorFrom(res)).message);
    if (!res.ok) {
      const e = await httpErrorFrom(res);
      throw new KubeconfigError(`${t.server} (context "${r.context.name}") answered GET /version with ${e.status}: ${e.message}`);
    }
    const body = (await readJson(res)) as { gitVersion?: unknown } | undefined;
    if (!body || typeof body.gitVersion !== 'string') {
      throw new KubeconfigError(`${t.server} (context "${r.context.name}") does not look like a Kubernetes API server (no version in GET /version)`);
    }
    // /version is often readable without credentials; this request is not.
    // 403 is fine: RBAC-limited users are normal, and it proves authentication worked.
    const authed = await get('/api/v1/namespaces?limit=1');
    if (authed.status === 401) throw rejected((await httpErrorFrom(authed)).message);
    if (!authed.ok && authed.status !== 403) {
      const e = await httpErrorFrom(authed);
      throw new KubeconfigError(`${t.server} (context "${r.context.name}") answered GET /api/v1/namespaces with ${e.status}: ${e.message}`);
    }
    await authed.body?.cancel();
    return { version: body.gitVersion };
  } catch (err) {
    if (err instanceof KubeconfigError) throw err;
    // The deadline can also fire while a body is read.
    const p = describeRequestError(err);
    if (p.kind === 'timeout' || p.kind === 'aborted') throw new KubeconfigError(`cannot reach ${where}): no answer within ${formatMs(timeoutMs)}`);
    throw new KubeconfigError(`cannot reach ${where}): ${p.detail}`);
  } finally {
    t.close();
  }
}

/**
 * The apiserver says only "Unauthorized" for a client certificate it will not
 * take; an expired (or not yet valid) one is the usual reason, and can be seen here.
 */
function certificateHint(r: ResolvedKubeconfig, now = new Date()): string {
  const { user } = r;
  if (r.authMethod !== 'client certificate') return '';
  try {
    const pem = user.certData ? Buffer.from(user.certData, 'base64') : user.certFile ? fs.readFileSync(user.certFile) : undefined;
    if (!pem) return '';
    const cert = new X509Certificate(pem);
    const until = new Date(cert.validTo);
    const from = new Date(cert.validFrom);
    if (until < now) return ` (the client certificate expired on ${until.toISOString()})`;
    if (from > now) return ` (the client certificate is not valid before ${from.toISOString()})`;
  } catch {
    // not a certificate we can read; the server's answer stands on its own
  }
  return '';
}

async function readJson(res: { text(): Promise<string> }): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms} ms`;
}
