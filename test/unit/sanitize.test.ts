import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sanitize, sanitizeLogLine } from '../../src/model/sanitize.js';

const ESC = '\x1b';

describe('sanitize', () => {
  const cases: [string, string | undefined, string][] = [
    ['undefined', undefined, ''],
    ['empty', '', ''],
    ['plain ascii', 'web-7d9f-abcde', 'web-7d9f-abcde'],
    ['unicode kept', 'café-日本-🚀', 'café-日本-🚀'],
    ['SGR colour removed', `${ESC}[31mred${ESC}[0m`, 'red'],
    ['CSI with private params', `a${ESC}[?25lb`, 'ab'],
    ['CSI cursor move', `${ESC}[2J${ESC}[1;1Hx`, 'x'],
    ['CSI with intermediate byte', `a${ESC}[1 qb`, 'ab'],
    ['OSC title with BEL', `${ESC}]0;pwned\x07ok`, 'ok'],
    ['OSC 52 clipboard with ST', `${ESC}]52;c;ZWNobyBoaQ==${ESC}\\ok`, 'ok'],
    ['OSC hyperlink', `${ESC}]8;;http://x${ESC}\\link${ESC}]8;;${ESC}\\`, 'link'],
    ['DCS', `a${ESC}P1$r0m${ESC}\\b`, 'ab'],
    ['SOS', `a${ESC}Xhidden${ESC}\\b`, 'ab'],
    ['PM', `a${ESC}^hidden${ESC}\\b`, 'ab'],
    ['APC', `a${ESC}_hidden${ESC}\\b`, 'ab'],
    ['8-bit CSI', 'a\u009b31mb', 'ab'],
    ['8-bit OSC ended by 8-bit ST', 'a\u009d0;title\u009cb', 'ab'],
    ['8-bit OSC ended by BEL', 'a\u009d0;title\x07b', 'ab'],
    ['8-bit DCS', 'a\u0090q#0\u009cb', 'ab'],
    ['two-char ESC (RIS)', `a${ESC}cb`, 'ab'],
    ['ESC 7 / ESC 8', `${ESC}7a${ESC}8`, 'a'],
    ['charset designation ESC ( B', `a${ESC}(Bb`, 'ab'],
    ['stray ST removed', `a${ESC}\\b`, 'ab'],
    ['lone ESC at end', `a${ESC}`, 'a^['],
    ['unterminated CSI', `a${ESC}[31`, 'a^[[31'],
    ['unterminated OSC shows the rest inert', `a${ESC}]0;title`, 'a^[]0;title'],
    ['OSC cut by another ESC', `${ESC}]0;t${ESC}[1mx`, '^[]0;tx'],
    ['CSI broken by a control char', `${ESC}[3\x07m`, '^[[3^Gm'],
    ['BEL', 'ding\x07', 'ding^G'],
    ['BS', 'ab\bc', 'ab^Hc'],
    ['CR', 'a\rb', 'a^Mb'],
    ['NUL', 'a\0b', 'a^@b'],
    ['DEL', 'a\x7fb', 'a^?b'],
    ['lone C1 (NEL)', 'a\u0085b', 'a\\u0085b'],
    ['lone 8-bit ST', 'a\u009cb', 'a\\u009cb'],
    ['unterminated 8-bit OSC', 'a\u009dtitle', 'a\\u009dtitle'],
    ['tab is one space', 'a\tb', 'a b'],
    ['newline becomes ⏎', 'line1\nline2', 'line1⏎line2'],
    ['bidi overrides dropped', 'a\u202eevil\u202cb\u2066c\u2069', 'aevilbc'],
    ['all bidi override code points', '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069x', 'x'],
    ['LRM kept (not an override)', 'a\u200eb', 'a\u200eb'],
    ['escape sequence split: ESC then [ in next line', `x${ESC}`, 'x^['],
    ['escape sequence split: only the tail', '[31mred', '[31mred'],
  ];
  for (const [name, input, want] of cases) {
    it(name, () => assert.equal(sanitize(input), want));
  }

  it('returns the very same string when there is nothing to clean (fast path)', () => {
    const s = 'nginx-' + 'x'.repeat(50);
    assert.equal(sanitize(s), s);
  });

  it('never leaves an ESC, BEL or C1 byte in the output', () => {
    const nasty = [`${ESC}`, `${ESC}[`, `${ESC}]`, `${ESC}P`, '\u009b', '\u009d', '\x07', 'a', '[', ']', '\\', ';', '0', 'm', '\u009c'];
    let seed = 7;
    for (let n = 0; n < 2000; n++) {
      let s = '';
      for (let k = 0; k < 12; k++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        s += nasty[seed % nasty.length];
      }
      const out = sanitize(s);
      assert.doesNotMatch(out, /[\u0000-\u001f\u007f-\u009f]/, JSON.stringify(s));
    }
  });
});

describe('sanitizeLogLine', () => {
  it('expands tabs to the next multiple of 8', () => {
    assert.equal(sanitizeLogLine('a\tb'), 'a       b');
    assert.equal(sanitizeLogLine('\tx'), '        x');
    assert.equal(sanitizeLogLine('12345678\tx'), '12345678        x');
  });
  it('counts removed escapes as zero width for tab stops', () => {
    assert.equal(sanitizeLogLine(`${ESC}[1mab${ESC}[0m\tc`), 'ab      c');
  });
  it('drops one trailing CR (CRLF logs) but shows inner CRs', () => {
    assert.equal(sanitizeLogLine('hello\r'), 'hello');
    assert.equal(sanitizeLogLine('a\rb\r'), 'a^Mb');
  });
  it('strips escapes like sanitize', () => {
    assert.equal(sanitizeLogLine(`${ESC}]0;x\x07INFO ok`), 'INFO ok');
    assert.equal(sanitizeLogLine(undefined), '');
  });
});
