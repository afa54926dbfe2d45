import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import xtermHeadless from '@xterm/headless';
import stringWidth from 'string-width';
import { diffFrames, paintFrame, parseFrame } from '../../src/ui/terminal/cell-diff.js';

const { Terminal } = xtermHeadless as unknown as typeof import('@xterm/headless');
type Term = InstanceType<typeof Terminal>;

const COLS = 40;
const ROWS = 8;

function term(): Term {
  return new Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true });
}

function write(t: Term, data: string): Promise<void> {
  return new Promise((resolve) => t.write(data, resolve));
}

/** Every cell as text plus its colours and attributes, so a wrong colour fails as surely as a wrong character. */
function screen(t: Term): string[] {
  const out: string[] = [];
  const buf = t.buffer.active;
  for (let y = 0; y < ROWS; y++) {
    const line = buf.getLine(y)!;
    let s = '';
    for (let x = 0; x < COLS; x++) {
      const c = line.getCell(x)!;
      s += `${c.getChars() || ' '}{${c.getFgColorMode()}:${c.getFgColor()},${c.getBgColorMode()}:${c.getBgColor()},${c.isBold()}${c.isInverse()}${c.isDim()}${c.isUnderline()}}`;
    }
    out.push(s);
  }
  return out;
}

const RED = '\x1b[31m';
const GREEN = '\x1b[32m';
const BOLD = '\x1b[1m';
const INV = '\x1b[7m';
const RESET_FG = '\x1b[39m';
const RESET = '\x1b[0m';

/** A random frame shaped like kdeck's: rows of coloured words, some short, some blank. */
function randomFrame(seed: number): string {
  let x = seed;
  const rnd = (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
  const words = ['web-1', 'Running', '1/1', '0/1', 'CrashLoopBackOff', 'api', '│', 'é', 'ok', '  ', '名前'];
  const lines: string[] = [];
  for (let r = 0; r < ROWS; r++) {
    let line = '';
    let width = 0;
    const n = rnd(6);
    for (let k = 0; k < n; k++) {
      const w = words[rnd(words.length)]!;
      // Ink never renders a line wider than the terminal.
      if (width + stringWidth(w) + 1 > COLS) break;
      // The ways chalk opens and closes styles: plain resets, per-attribute closes, nesting, 256 and true colours.
      const styles: [string, string][] = [
        [RED, RESET],
        [GREEN, RESET_FG],
        [BOLD, '\x1b[22m'],
        [INV, '\x1b[27m'],
        ['\x1b[2m', '\x1b[22m'],
        [BOLD + RED, RESET_FG + '\x1b[22m'],
        ['\x1b[38;5;208m', RESET_FG],
        ['\x1b[48;2;10;20;30m\x1b[4m', '\x1b[24m\x1b[49m'],
        ['', ''],
      ];
      const [open, close] = styles[rnd(styles.length)]!;
      line += open + w + close + ' ';
      width += stringWidth(w) + 1;
    }
    lines.push(line.trimEnd());
  }
  return lines.join('\n');
}

describe('cell-diff', () => {
  it('turns any frame into any other exactly as painting the second one would, from the colours the last diff left', async () => {
    for (let seed = 1; seed <= 150; seed++) {
      const a = randomFrame(seed);
      const b = randomFrame(seed * 7 + 3);
      const c = randomFrame(seed * 13 + 5);
      // Each frame parsed as FrameStream parses it: lines equal to the previous frame's keep its cells.
      const fa = parseFrame(a);
      const fb = parseFrame(b, fa);
      const fc = parseFrame(c, fb);
      const viaDiff = term();
      await write(viaDiff, paintFrame(fa));
      const ab = diffFrames(fa, fb);
      await write(viaDiff, ab.out);
      const direct = term();
      await write(direct, paintFrame(parseFrame(b)));
      assert.deepEqual(screen(viaDiff), screen(direct), `seed ${seed}:\n${a}\n---\n${b}`);
      await write(viaDiff, diffFrames(fb, fc, ab.pen).out);
      await write(direct, paintFrame(parseFrame(c)));
      assert.deepEqual(screen(viaDiff), screen(direct), `seed ${seed}:\n${b}\n---\n${c}`);
    }
  });

  it('parses only the lines that differ from the frame before', () => {
    const a = parseFrame('header\nrow 1\nfooter');
    const b = parseFrame('header\nrow 2\nfooter', a);
    assert.equal(b.lines[0], a.lines[0]);
    assert.notEqual(b.lines[1], a.lines[1]);
    assert.equal(b.lines[2], a.lines[2]);
  });

  it('paints on a cleared screen in the default colours whatever colours were left on', async () => {
    const a = parseFrame(`x ${INV}sel${RESET}\nrow`);
    const viaDiff = term();
    // Whatever an earlier diff left on, e.g. the selected row's background.
    await write(viaDiff, '\x1b[46m' + paintFrame(a));
    const direct = term();
    await write(direct, paintFrame(a));
    assert.deepEqual(screen(viaDiff), screen(direct));
  });

  it('sends nothing for an unchanged frame and only the changed cells for a one-word change', () => {
    const row = (ready: string) => `shop   web-1   ${GREEN}${ready}${RESET_FG}   Running   3d`;
    const a = parseFrame(['header', row('1/1'), 'footer'].join('\n'));
    const b = parseFrame(['header', row('0/1'), 'footer'].join('\n'));
    assert.equal(diffFrames(a, a).out, '');
    const d = diffFrames(a, b);
    // A cursor move to row 2, column 16, the green colour and one character; the terminal stays green.
    assert.equal(d.out, `\x1b[2;16H${GREEN}0`);
    // The change back needs no colour: the terminal still draws in green.
    assert.equal(diffFrames(b, a, d.pen).out, `\x1b[2;16H1`);
  });

  it('erases what a shorter line leaves behind and blanks rows that are gone', async () => {
    const { viaDiff } = await diffAndPaint('a long first line here\nsecond\nthird', 'a long\nsecond');
    const text = viaDiff.map((l) => l.replace(/\{[^}]*\}/g, '').trimEnd());
    assert.deepEqual(text.slice(0, 3), ['a long', 'second', '']);
  });

  it('draws a new row holding wide characters (CJK, emoji) where there was none', async () => {
    const { viaDiff, direct } = await diffAndPaint('header\nrow one', 'header\nrow one\n名前-pod 🚀 ok');
    assert.deepEqual(viaDiff, direct);
  });

  it('rewrites a line with wide characters whole instead of guessing columns', async () => {
    const { out, viaDiff, direct } = await diffAndPaint('pods 名前 ok\nx', 'pods 名前 no\nx');
    assert.ok(out.startsWith('\x1b[1H'), JSON.stringify(out));
    assert.deepEqual(viaDiff, direct);
  });
});

/** The diff from frame `a` to `b`, the screen it leaves after painting `a`, and the screen of `b` painted directly. */
async function diffAndPaint(a: string, b: string): Promise<{ out: string; viaDiff: string[]; direct: string[] }> {
  const t = term();
  await write(t, paintFrame(parseFrame(a)));
  const out = diffFrames(parseFrame(a), parseFrame(b)).out;
  await write(t, out);
  const d = term();
  await write(d, paintFrame(parseFrame(b)));
  return { out, viaDiff: screen(t), direct: screen(d) };
}
