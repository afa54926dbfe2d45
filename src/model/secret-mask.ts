// Secret values hidden the way `kubectl diff` hides them, so a diff can be
// pasted into a ticket: every value becomes `***`, except that a key whose
// value changes shows `*** (before)` / `*** (after)`, so the change stays visible.

const MASK = '***';
const BEFORE = '*** (before)';
const AFTER = '*** (after)';

type Obj = Record<string, unknown>;

function isMap(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isSecret(o: unknown): boolean {
  return isMap(o) && o.kind === 'Secret' && o.apiVersion === 'v1';
}

function maskField(live: Obj | undefined, merged: Obj | undefined, field: string): void {
  const from = live && isMap(live[field]) ? (live[field] as Obj) : undefined;
  const to = merged && isMap(merged[field]) ? (merged[field] as Obj) : undefined;
  const f: Obj = { ...(from ?? {}) };
  const t: Obj = { ...(to ?? {}) };
  for (const k of Object.keys(f)) {
    if (to && Object.hasOwn(to, k)) {
      if (from![k] !== to[k]) {
        f[k] = BEFORE;
        t[k] = AFTER;
        continue;
      }
      t[k] = MASK;
    }
    f[k] = MASK;
  }
  for (const k of Object.keys(t)) if (!from || !Object.hasOwn(from, k)) t[k] = MASK;
  if (from) live![field] = f;
  if (to) merged![field] = t;
}

/**
 * Returns copies of both sides with Secret values masked; objects that are
 * not v1 Secrets come back as copies, unmasked. kubectl masks `data`;
 * `stringData` (which a server folds into `data`) is masked by the same rule,
 * so a value typed in a manifest cannot leak either.
 */
export function maskSecrets(live: object | undefined, merged: object | undefined): { live?: object; merged?: object } {
  const l = live === undefined ? undefined : (structuredClone(live) as Obj);
  const m = merged === undefined ? undefined : (structuredClone(merged) as Obj);
  if (isSecret(l) || isSecret(m)) {
    maskField(l, m, 'data');
    maskField(l, m, 'stringData');
  }
  return { ...(l !== undefined ? { live: l } : {}), ...(m !== undefined ? { merged: m } : {}) };
}
