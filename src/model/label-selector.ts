// Label selectors as kubectl -l and the API accept them
// (k8s.io/apimachinery/pkg/labels): `a=b`, `a==b`, `a!=b`, `a in (x,y)`,
// `a notin (x)`, `a`, `!a`, `a>1`, `a<1`, comma-separated and ANDed.

export type SelectorOp = '=' | '!=' | 'in' | 'notin' | 'exists' | '!' | '>' | '<';

export interface Requirement {
  key: string;
  op: SelectorOp;
  values: string[];
}

export interface Selector {
  requirements: Requirement[];
  /** A nil selector matches nothing (apimachinery's labels.Nothing()). */
  matchesNothing?: boolean;
}

export const EVERYTHING: Selector = Object.freeze({ requirements: [] }) as Selector;
export const NOTHING: Selector = Object.freeze({ requirements: [], matchesNothing: true }) as Selector;

const NAME_RE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const INTEGER_RE = /^-?\d+$/;

function validateKey(key: string): void {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN_RE.test(prefix))) {
    throw new Error(`invalid label key "${key}": prefix must be a DNS subdomain`);
  }
  if (name.length === 0 || name.length > 63 || !NAME_RE.test(name)) {
    throw new Error(
      `invalid label key "${key}": name must be 1-63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric`,
    );
  }
}

function validateValue(key: string, value: string): void {
  if (value.length === 0) return;
  if (value.length > 63 || !NAME_RE.test(value)) {
    throw new Error(
      `invalid value "${value}" for label "${key}": must be at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric`,
    );
  }
}

type Token =
  | { t: 'id'; v: string; at: number }
  | { t: '!' | '=' | '==' | '!=' | '(' | ')' | ',' | '>' | '<' | 'in' | 'notin' | 'eof'; v: string; at: number };

const SPECIAL = new Set(['!', '=', '(', ')', ',', '>', '<']);

function lex(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (SPECIAL.has(ch)) {
      const two = text.slice(i, i + 2);
      if (two === '==' || two === '!=') {
        out.push({ t: two, v: two, at: i });
        i += 2;
      } else {
        out.push({ t: ch as '!', v: ch, at: i });
        i++;
      }
      continue;
    }
    let j = i;
    while (j < text.length && !SPECIAL.has(text[j]!) && !/\s/.test(text[j]!)) j++;
    const word = text.slice(i, j);
    if (word === 'in' || word === 'notin') out.push({ t: word, v: word, at: i });
    else out.push({ t: 'id', v: word, at: i });
    i = j;
  }
  out.push({ t: 'eof', v: '', at: text.length });
  return out;
}

function describe(tok: Token): string {
  return tok.t === 'eof' ? 'end of input' : `"${tok.v}"`;
}

/** Parses kubectl's -l syntax. Throws an Error with a one-line message on bad syntax. */
export function parseSelector(text: string): Selector {
  const toks = lex(text);
  let p = 0;
  const peek = () => toks[p]!;
  const next = () => toks[p++]!;
  const fail = (tok: Token, expected: string): never => {
    throw new Error(`bad label selector at column ${tok.at + 1}: found ${describe(tok)}, expected ${expected}`);
  };

  if (peek().t === 'eof') return { requirements: [] };

  const reqs: Requirement[] = [];
  for (;;) {
    let negated = false;
    if (peek().t === '!') {
      next();
      negated = true;
    }
    const keyTok = next();
    if (keyTok.t !== 'id') fail(keyTok, 'a label key');
    const key = keyTok.v;
    validateKey(key);

    const opTok = peek();
    if (negated) {
      if (opTok.t !== ',' && opTok.t !== 'eof') fail(opTok, '"," or end of input after "!key"');
      reqs.push({ key, op: '!', values: [] });
    } else if (opTok.t === ',' || opTok.t === 'eof') {
      reqs.push({ key, op: 'exists', values: [] });
    } else if (opTok.t === '=' || opTok.t === '==' || opTok.t === '!=' || opTok.t === '>' || opTok.t === '<') {
      next();
      const v = peek();
      let value = '';
      if (v.t === 'id' || v.t === 'in' || v.t === 'notin') {
        next();
        value = v.v;
      } else if (v.t !== ',' && v.t !== 'eof') {
        fail(v, 'a label value');
      }
      if (opTok.t === '>' || opTok.t === '<') {
        if (!INTEGER_RE.test(value)) throw new Error(`bad label selector: "${key}${opTok.t}" needs an integer, got "${value}"`);
        reqs.push({ key, op: opTok.t, values: [value] });
      } else {
        validateValue(key, value);
        reqs.push({ key, op: opTok.t === '!=' ? '!=' : '=', values: [value] });
      }
    } else if (opTok.t === 'in' || opTok.t === 'notin') {
      next();
      const open = next();
      if (open.t !== '(') fail(open, '"("');
      const values: string[] = [];
      if (peek().t === ')') {
        // apimachinery reads "()" as the one empty value.
        next();
        values.push('');
      } else {
        for (;;) {
          const v = peek();
          if (v.t === 'id' || v.t === 'in' || v.t === 'notin') {
            next();
            values.push(v.v);
          } else if (v.t === ',' || v.t === ')') {
            values.push('');
          } else {
            fail(v, 'a label value');
          }
          const sep = next();
          if (sep.t === ')') break;
          if (sep.t !== ',') fail(sep, '"," or ")"');
        }
      }
      for (const v of values) validateValue(key, v);
      reqs.push({ key, op: opTok.t, values: [...new Set(values)].sort() });
    } else {
      fail(opTok, 'an operator (=, ==, !=, in, notin, >, <), "," or end of input');
    }

    const sep = next();
    if (sep.t === 'eof') break;
    if (sep.t !== ',') fail(sep, '"," or end of input');
  }
  // apimachinery keeps requirements sorted by key; it makes formatSelector stable.
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { requirements: reqs };
}

function matchesRequirement(labels: Record<string, string>, r: Requirement): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key]! : undefined;
  switch (r.op) {
    case '=':
      return has && value === r.values[0];
    case '!=':
      return !has || value !== r.values[0];
    case 'in':
      return has && r.values.includes(value!);
    case 'notin':
      return !has || !r.values.includes(value!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case '>':
    case '<': {
      if (!has || !INTEGER_RE.test(value!)) return false;
      const a = Number(value);
      const b = Number(r.values[0]);
      return r.op === '>' ? a > b : a < b;
    }
  }
}

export function matchesSelector(labels: Record<string, string> | undefined, sel: Selector): boolean {
  if (sel.matchesNothing) return false;
  const l = labels ?? {};
  for (const r of sel.requirements) if (!matchesRequirement(l, r)) return false;
  return true;
}

export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/**
 * The selector of a Deployment/ReplicaSet spec. As in apimachinery, a missing
 * selector matches nothing and an empty one matches everything. An invalid
 * expression (unknown operator, In without values) also matches nothing:
 * showing no pods is safer than showing every pod.
 */
export function fromLabelSelector(spec: LabelSelectorSpec | undefined | null): Selector {
  if (!spec) return NOTHING;
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(spec.matchLabels ?? {})) {
    reqs.push({ key, op: '=', values: [value] });
  }
  for (const e of spec.matchExpressions ?? []) {
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) return NOTHING;
        reqs.push({ key: e.key, op: e.operator === 'In' ? 'in' : 'notin', values: [...new Set(values)].sort() });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) return NOTHING;
        reqs.push({ key: e.key, op: e.operator === 'Exists' ? 'exists' : '!', values: [] });
        break;
      default:
        return NOTHING;
    }
  }
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { requirements: reqs };
}

/** kubectl's text form; "" for a selector that matches everything, "<none>" for one that matches nothing. */
export function formatSelector(sel: Selector): string {
  if (sel.matchesNothing) return '<none>';
  return sel.requirements
    .map((r) => {
      switch (r.op) {
        case 'exists':
          return r.key;
        case '!':
          return '!' + r.key;
        case 'in':
        case 'notin':
          return `${r.key} ${r.op} (${r.values.join(',')})`;
        default:
          return `${r.key}${r.op}${r.values[0] ?? ''}`;
      }
    })
    .join(',');
}
