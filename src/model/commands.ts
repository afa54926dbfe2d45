// The `:` command bar, k9s-style: `:po shop`, `:dp`, `:ns`, `:img`, `:ctx prod`, `:q`.

export type CommandName = 'namespaces' | 'pods' | 'deployments' | 'images' | 'containers' | 'contexts' | 'triage' | 'diff' | 'logs' | 'prune' | 'quit' | 'help';

export interface Command {
  name: CommandName;
  arg?: string;
}

/** Canonical name -> every spelling it accepts (the canonical name included), for parsing and the help screen. */
export const COMMAND_ALIASES: Record<CommandName, string[]> = {
  namespaces: ['ns', 'namespace', 'namespaces'],
  pods: ['po', 'pod', 'pods'],
  deployments: ['dp', 'deploy', 'deployment', 'deployments'],
  images: ['img', 'image', 'images'],
  containers: ['ctr', 'container', 'containers'],
  contexts: ['ctx', 'context', 'contexts'],
  triage: ['tri', 'triage'],
  quit: ['q', 'quit', 'q!'],
  diff: ['diff'],
  logs: ['logs', 'log'],
  prune: ['prune'],
  help: ['help', '?'],
};

const BY_ALIAS = new Map<string, CommandName>();
for (const [name, aliases] of Object.entries(COMMAND_ALIASES) as [CommandName, string[]][]) {
  for (const a of aliases) BY_ALIAS.set(a, name);
}

/** What a command's argument names, so the UI knows which names to offer for Tab. */
export function commandArgKind(name: CommandName): 'namespace' | 'context' | 'file' | 'selector' | undefined {
  switch (name) {
    case 'pods':
    case 'deployments':
    case 'images':
      return 'namespace';
    case 'contexts':
      return 'context';
    case 'diff':
      return 'file';
    case 'logs':
      return 'selector';
    default:
      return undefined;
  }
}

function split(text: string): { lead: string; word: string; rest: string; hasSpace: boolean } {
  let t = text.replace(/^\s+/, '');
  let lead = '';
  if (t.startsWith(':')) {
    lead = ':';
    t = t.slice(1).replace(/^\s+/, '');
  }
  const m = /^(\S*)(\s+)?([\s\S]*)$/.exec(t)!;
  return { lead, word: m[1]!, rest: m[3]!, hasSpace: m[2] !== undefined };
}

export function parseCommand(text: string): Command | { error: string } {
  const { word, rest } = split(text);
  if (!word) return { error: 'empty command: try :pods, :deploy, :ns, :img, :ctx, :triage or :help' };
  const name = BY_ALIAS.get(word.toLowerCase());
  if (!name) return { error: `unknown command ":${word}": try :help` };
  const arg = rest.trim();
  if (!arg) return { name };
  if (commandArgKind(name) === undefined) return { error: `:${word} takes no argument` };
  // `:logs -l app=web -n shop` is the one command whose argument has words.
  if (name === 'logs') return { name, arg };
  if (/\s/.test(arg)) return { error: `:${word} takes one argument, got "${arg}"` };
  return { name, arg };
}

/**
 * Tab candidates as whole command lines (the input becomes the first one and
 * further Tabs cycle): command names while the first word is typed, then the
 * `extra` names (namespaces or contexts) that start with the argument typed so
 * far. A fully typed command that takes an argument completes to "name ".
 */
export function completeCommand(text: string, extra: string[] = []): string[] {
  const { lead, word, rest, hasSpace } = split(text);
  if (!hasSpace) {
    const w = word.toLowerCase();
    const names = (Object.keys(COMMAND_ALIASES) as CommandName[]).filter((n) =>
      COMMAND_ALIASES[n].some((a) => a.startsWith(w)),
    );
    if (names.length === 1 && COMMAND_ALIASES[names[0]!].includes(w)) {
      return commandArgKind(names[0]!) ? [lead + word + ' '] : [];
    }
    return names.map((n) => lead + n);
  }
  const name = BY_ALIAS.get(word.toLowerCase());
  if (!name || !commandArgKind(name) || /\s/.test(rest.trim())) return [];
  const prefix = rest.trim().toLowerCase();
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of extra) {
    if (seen.has(e) || !e.toLowerCase().startsWith(prefix)) continue;
    seen.add(e);
    out.push(`${lead}${word} ${e}`);
  }
  return out;
}
