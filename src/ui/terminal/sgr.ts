// Colour and attribute state as SGR ("\x1b[…m") sequences set it. Ink's frames
// hold text and SGR codes only; the cell differ needs, for each cell, the
// style it is drawn in, and the shortest codes that switch from one style to
// another. A hand-rolled parser for this one sequence keeps per-frame work to
// a loop over the changed lines, without a token object per character.

export interface Style {
  /** '' for the terminal default, else the SGR parameters: '31', '38;5;12', '38;2;1;2;3'. */
  fg: string;
  bg: string;
  /** Bit set of FLAG values. */
  flags: number;
}

const BOLD = 1;
const DIM = 2;
const ITALIC = 4;
const UNDERLINE = 8;
const INVERSE = 16;
const HIDDEN = 32;
const STRIKE = 64;

/** SGR parameter that turns a flag on, and the one that turns it off. */
const FLAG_CODES: [flag: number, on: number, off: number][] = [
  [BOLD, 1, 22],
  [DIM, 2, 22],
  [ITALIC, 3, 23],
  [UNDERLINE, 4, 24],
  [INVERSE, 7, 27],
  [HIDDEN, 8, 28],
  [STRIKE, 9, 29],
];

const interned = new Map<string, Style>();

/** One object per distinct style, so cells compare styles with ===. */
export function style(fg: string, bg: string, flags: number): Style {
  const key = `${fg}|${bg}|${flags}`;
  let s = interned.get(key);
  if (!s) {
    s = { fg, bg, flags };
    interned.set(key, s);
  }
  return s;
}

export const PLAIN = style('', '', 0);

/** The style after applying the parameters of one SGR sequence ("1;31", "" meaning reset) to `from`. */
export function applySgr(from: Style, params: string): Style {
  let { fg, bg, flags } = from;
  const p = params === '' ? ['0'] : params.split(/[;:]/);
  for (let i = 0; i < p.length; i++) {
    const n = Number(p[i] || '0');
    if (n === 0) {
      fg = '';
      bg = '';
      flags = 0;
    } else if (n === 38 || n === 48) {
      // Extended colour: 5;N (256 colours) or 2;R;G;B (true colour).
      const take = p[i + 1] === '5' ? 2 : p[i + 1] === '2' ? 4 : 0;
      const value = [String(n), ...p.slice(i + 1, i + 1 + take)].join(';');
      if (n === 38) fg = value;
      else bg = value;
      i += take;
    } else if ((n >= 30 && n <= 37) || (n >= 90 && n <= 97)) fg = String(n);
    else if (n === 39) fg = '';
    else if ((n >= 40 && n <= 47) || (n >= 100 && n <= 107)) bg = String(n);
    else if (n === 49) bg = '';
    else if (n === 22) flags &= ~(BOLD | DIM);
    else {
      for (const [flag, on, off] of FLAG_CODES) {
        if (n === on) flags |= flag;
        else if (n === off) flags &= ~flag;
      }
    }
  }
  return style(fg, bg, flags);
}

/** The shortest SGR sequence that changes the terminal from style `a` to style `b` ('' when they are the same). */
export function sgrTransition(a: Style, b: Style): string {
  if (a === b) return '';
  if (b === PLAIN) return '\x1b[0m';
  const step = stepCodes(a, b);
  // Undoing several of `a`'s settings can cost more than a reset and setting `b` afresh.
  const fresh = `0;${stepCodes(PLAIN, b)}`;
  return `\x1b[${step && step.length <= fresh.length ? step : fresh}m`;
}

/** SGR parameters that change style `a` into style `b` one setting at a time. */
function stepCodes(a: Style, b: Style): string {
  const codes: (string | number)[] = [];
  let flags = a.flags;
  // 22 clears bold and dim together, so dropping either means re-adding the other.
  if ((flags & ~b.flags & (BOLD | DIM)) !== 0) {
    codes.push(22);
    flags &= ~(BOLD | DIM);
  }
  for (const [flag, on, off] of FLAG_CODES) {
    const has = (flags & flag) !== 0;
    const wants = (b.flags & flag) !== 0;
    if (wants && !has) codes.push(on);
    else if (!wants && has && off !== 22) codes.push(off);
  }
  if (a.fg !== b.fg) codes.push(b.fg || 39);
  if (a.bg !== b.bg) codes.push(b.bg || 49);
  return codes.join(';');
}
