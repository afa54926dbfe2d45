import { parseArgs } from 'node:util';

export interface CliOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces: boolean;
  theme?: string;
  readonly: boolean;
  /** Lines each log pane keeps; undefined = config file or the default. */
  logLines?: number;
  dockerHost?: string;
  demo: boolean;
  /** Open on the :triage view. */
  triage: boolean;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

export const USAGE = `kdeck — a keyboard-driven console for Kubernetes

usage:
  kdeck [--kubeconfig FILE] [--context NAME] [-n NAMESPACE | -A] [--theme NAME|FILE] [--readonly] [--triage]
  kdeck --demo [--triage]      try it on a built-in simulated cluster
  kdeck demo-server [--port N] [--pods N] [--kubeconfig-out FILE]
                               run only the simulated cluster, for kubectl or another kdeck
  kdeck diff FILE [--context C] [-n NS]   what applying FILE would change (exits 0/1/2 as kubectl diff)

options:
  --kubeconfig FILE      kubeconfig to use (default: $KUBECONFIG, then ~/.kube/config)
  --context NAME         kubeconfig context (default: its current-context)
  -n, --namespace NS     namespace to watch (default: the context's, else "default")
  -A, --all-namespaces   watch every namespace
  --theme NAME|FILE      colour theme: default, light, monochrome, high-contrast, or a JSON file
  --readonly             refuse every change to the cluster
  --triage               open on :triage, everything unhealthy, worst and newest first
  --log-lines N          lines each log pane keeps in memory (default 10000)
  --docker-host URL      Docker engine (default: $DOCKER_HOST, the docker context, /var/run/docker.sock)
  --demo                 start the simulated cluster in-process and connect to it
  -h, --help             this text
  -v, --version          print the version

Inside, press ? for every key.`;

export function parseCli(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        namespace: { type: 'string', short: 'n' },
        'all-namespaces': { type: 'boolean', short: 'A', default: false },
        theme: { type: 'string' },
        readonly: { type: 'boolean', default: false },
        'log-lines': { type: 'string' },
        'docker-host': { type: 'string' },
        demo: { type: 'boolean', default: false },
        triage: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (e) {
    // node's messages are long and mention internals; keep the first sentence.
    throw new UsageError(`${(e as Error).message.split('\n')[0]!.replace(/\. To specify.*$/, '')} (see kdeck --help)`);
  }
  const v = parsed.values;
  if (v.namespace !== undefined && v['all-namespaces']) throw new UsageError('-n and -A cannot be used together');
  if (v.namespace === '') throw new UsageError('-n needs a namespace name');
  let logLines: number | undefined;
  if (v['log-lines'] !== undefined) {
    logLines = Number(v['log-lines']);
    if (!Number.isInteger(logLines) || logLines < 100 || logLines > 10_000_000) throw new UsageError(`--log-lines takes a whole number from 100 to 10000000, not "${v['log-lines']}"`);
  }
  return {
    kubeconfig: v.kubeconfig,
    context: v.context,
    namespace: v.namespace,
    allNamespaces: Boolean(v['all-namespaces']),
    theme: v.theme,
    readonly: Boolean(v.readonly),
    logLines,
    dockerHost: v['docker-host'],
    demo: Boolean(v.demo),
    triage: Boolean(v.triage),
    help: Boolean(v.help),
    version: Boolean(v.version),
  };
}
