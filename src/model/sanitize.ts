// Cluster strings (names, labels, log lines, events) are attacker-controlled
// in the worst case: a pod can log an OSC 52 clipboard write or a title change.
// Everything shown on the terminal goes through here first.

// Anything a terminal could act on, plus bidi overrides that can make text
// read differently from what it is (Trojan Source).
const NEEDS_WORK = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const ESC = 0x1b;
const BEL = 0x07;
const ST8 = 0x9c;

function isBidiControl(c: number): boolean {
  return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/** Caret notation for C0 and DEL (^[ ^G ^?), \u0085 style for C1. */
function visible(c: number): string {
  if (c < 0x20) return '^' + String.fromCharCode(c + 0x40);
  if (c === 0x7f) return '^?';
  return '\\u' + c.toString(16).padStart(4, '0');
}

/**
 * Index just past the CSI that starts its parameter bytes at `i`, or -1 when
 * the sequence is malformed or cut off (then the introducer is shown instead).
 */
function endOfCsi(s: string, i: number): number {
  let j = i;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c >= 0x30 && c <= 0x3f) j++;
    else break;
  }
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c >= 0x20 && c <= 0x2f) j++;
    else break;
  }
  if (j < s.length) {
    const c = s.charCodeAt(j);
    if (c >= 0x40 && c <= 0x7e) return j + 1;
  }
  return -1;
}

/**
 * Index just past the string terminator of an OSC/DCS/SOS/PM/APC body that
 * starts at `i`, or -1 when there is none. OSC may also end with BEL (xterm).
 */
function endOfControlString(s: string, i: number, belEnds: boolean): number {
  for (let j = i; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === ST8) return j + 1;
    if (belEnds && c === BEL) return j + 1;
    if (c === ESC) return s.charCodeAt(j + 1) === 0x5c /* \ */ ? j + 2 : -1;
  }
  return -1;
}

/** Length of the complete escape sequence at `i` (s[i] is ESC or a C1 introducer), or 0. */
function sequenceLength(s: string, i: number): number {
  const c = s.charCodeAt(i);
  let kind: number; // the 7-bit final of the introducer: '[', ']', 'P', 'X', '^', '_'
  let body: number;
  if (c === ESC) {
    if (i + 1 >= s.length) return 0;
    const n = s.charCodeAt(i + 1);
    if (n === 0x5b || n === 0x5d || n === 0x50 || n === 0x58 || n === 0x5e || n === 0x5f) {
      kind = n;
      body = i + 2;
    } else {
      // ESC, intermediates (0x20-0x2f), final (0x30-0x7e): charset selection, DECSC, RIS, ...
      let j = i + 1;
      while (j < s.length && s.charCodeAt(j) >= 0x20 && s.charCodeAt(j) <= 0x2f) j++;
      if (j < s.length) {
        const f = s.charCodeAt(j);
        if (f >= 0x30 && f <= 0x7e) return j + 1 - i;
      }
      return 0;
    }
  } else {
    // 8-bit C1 introducers map to ESC + (c - 0x40).
    kind = c - 0x40;
    body = i + 1;
    if (!(kind === 0x5b || kind === 0x5d || kind === 0x50 || kind === 0x58 || kind === 0x5e || kind === 0x5f)) {
      return 0;
    }
  }
  const end = kind === 0x5b ? endOfCsi(s, body) : endOfControlString(s, body, kind === 0x5d);
  return end < 0 ? 0 : end - i;
}

function clean(s: string, tab: 'space' | 'stops'): string {
  let out = '';
  let run = 0; // start of the pending run of plain characters
  let col = 0; // display column, only tracked for tab stops
  const flush = (to: number) => {
    if (to > run) {
      const chunk = s.slice(run, to);
      out += chunk;
      col += chunk.length;
    }
  };
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    const control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
    if (!control && !isBidiControl(c)) {
      i++;
      continue;
    }
    flush(i);
    let skip = 1;
    if (isBidiControl(c)) {
      // dropped
    } else if (c === 0x09) {
      const n = tab === 'space' ? 1 : 8 - (col % 8);
      out += ' '.repeat(n);
      col += n;
    } else if (c === 0x0a) {
      out += '⏎';
      col += 1;
    } else {
      const len = c === ESC || c >= 0x80 ? sequenceLength(s, i) : 0;
      if (len > 0) {
        skip = len;
      } else {
        const v = visible(c);
        out += v;
        col += v.length;
      }
    }
    i += skip;
    run = i;
  }
  flush(s.length);
  return out;
}

/**
 * Makes a cluster string inert and single-line for a table cell: complete
 * escape sequences are removed, any other control character is shown in caret
 * (or \u0085) notation, tab becomes one space, newline becomes ⏎, bidi
 * overrides are dropped. Returns the input itself when there is nothing to do.
 */
export function sanitize(s: string | undefined): string {
  if (s === undefined || s === null) return '';
  if (!NEEDS_WORK.test(s)) return s;
  return clean(s, 'space');
}

/**
 * Like sanitize, for one line of a log: tabs expand to the next multiple of 8
 * and a trailing CR (CRLF logs from Windows containers) is dropped rather than
 * shown as ^M on every line.
 */
export function sanitizeLogLine(s: string | undefined): string {
  if (s === undefined || s === null) return '';
  if (s.endsWith('\r')) s = s.slice(0, -1);
  if (!NEEDS_WORK.test(s)) return s;
  return clean(s, 'stops');
}
