// `kdeck diff FILE`: kubectl diff without the TUI, for scripts. Exit codes
// are kubectl's: 0 nothing differs, 1 something differs, 2 anything failed.
import { parseArgs } from 'node:util';
import type { DiffLine } from '../model/diff.js';
import { ManifestError } from '../model/manifest.js';
import { sanitizeLogLine } from '../model/sanitize.js';
import { ActionError } from '../sources/kube/actions.js';
import { diffManifest } from '../sources/kube/kube-diff.js';
import { KubeconfigError, resolveKubeconfig } from '../sources/kube/kubeconfig.js';
import { probeCluster } from '../sources/kube/probe.js';

export const DIFF_USAGE = `usage: kdeck diff FILE [--kubeconfig FILE] [--context NAME] [-n NAMESPACE]
  Shows how the cluster would change if FILE (YAML or JSON, several documents allowed, - for stdin)
  were applied. Exits 0 when nothing would change, 1 when something would, 2 on error.`;

const COLOURS: Record<DiffLine['kind'], [string, string]> = {
  header: ['\x1b[1m', '\x1b[22m'],
  hunk: ['\x1b[36m', '\x1b[39m'],
  add: ['\x1b[32m', '\x1b[39m'],
  del: ['\x1b[31m', '\x1b[39m'],
  ctx: ['', ''],
};

function fail(message: string): number {
  process.stderr.write(`kdeck: ${message}\n`);
  return 2;
}

export async function runDiffCommand(argv: string[], out: NodeJS.WriteStream = process.stdout): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        filename: { type: 'string', short: 'f' },
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        namespace: { type: 'string', short: 'n' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    return fail(`${(e as Error).message.split('\n')[0]!.replace(/\. To specify.*$/, '')} (see kdeck diff --help)`);
  }
  const v = parsed.values;
  if (v.help) {
    out.write(DIFF_USAGE + '\n');
    return 0;
  }
  const files = [...(v.filename !== undefined ? [v.filename] : []), ...parsed.positionals];
  if (files.length === 0) return fail('diff needs a manifest file: kdeck diff FILE');
  if (files.length > 1) return fail(`diff takes one manifest file, got ${files.length}: ${files.join(' ')}`);
  if (v.namespace === '') return fail('-n needs a namespace name');

  try {
    const resolved = resolveKubeconfig({ kubeconfig: v.kubeconfig, context: v.context, namespace: v.namespace, env: process.env });
    await probeCluster(resolved, 4000);
    const result = await diffManifest(resolved, files[0]!, { namespace: v.namespace });
    const colour = Boolean(out.isTTY) && !process.env.NO_COLOR;
    let text = result.combined.text;
    if (out.isTTY) {
      text = result.combined.lines
        .map((l) => {
          const safe = sanitizeLogLine(l.text);
          return colour && COLOURS[l.kind][0] ? COLOURS[l.kind][0] + safe + COLOURS[l.kind][1] : safe;
        })
        .map((l) => l + '\n')
        .join('');
    }
    if (text) await new Promise<void>((resolve, reject) => out.write(text, (err) => (err ? reject(err) : resolve())));
    return result.changed ? 1 : 0;
  } catch (e) {
    if (e instanceof KubeconfigError || e instanceof ManifestError || e instanceof ActionError) return fail(e.message);
    throw e;
  }
}
