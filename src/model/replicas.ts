// The scale prompt's input. spec.replicas is an int32 in the API, so anything
// above its maximum would only come back as a 422 from the apiserver.

export const MAX_REPLICAS = 2_147_483_647;

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

// Echoed input is JSON-quoted so control characters cannot reach the
// terminal, and clipped so the message stays on one line.
function quote(s: string): string {
  return JSON.stringify(s.length > 24 ? s.slice(0, 23) + '…' : s);
}

export function parseReplicas(input: string): { ok: true; value: number } | { ok: false; error: string } {
  const s = input.trim();
  if (s === '') return { ok: false, error: 'enter a number of replicas' };
  if (!NUMERIC.test(s)) return { ok: false, error: `${quote(s)} is not a number` };
  const n = Number(s);
  if (n < 0) return { ok: false, error: 'replicas cannot be negative' };
  if (!Number.isInteger(n)) return { ok: false, error: `${quote(s)} is not a whole number` };
  if (n > MAX_REPLICAS) return { ok: false, error: `replicas cannot exceed ${MAX_REPLICAS}` };
  // "-0" parses to -0; the API has no such thing.
  return { ok: true, value: n === 0 ? 0 : n };
}
