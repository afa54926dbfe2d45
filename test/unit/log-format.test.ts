import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import {
  lineToText,
  prettyJson,
  shortSource,
  sourceColorIndex,
  splitTimestamp,
  truncateText,
  wrapText,
} from '../../src/model/log-format.js';

describe('splitTimestamp', () => {
  it('splits the RFC3339Nano prefix the kubelet adds', () => {
    assert.deepEqual(splitTimestamp('2024-05-01T10:11:12.123456789Z GET /healthz 200'), {
      ts: '2024-05-01T10:11:12.123456789Z',
      text: 'GET /healthz 200',
    });
  });

  it('accepts a timestamp without fraction, and with a zone offset', () => {
    assert.deepEqual(splitTimestamp('2024-05-01T10:11:12Z hello'), { ts: '2024-05-01T10:11:12Z', text: 'hello' });
    assert.deepEqual(splitTimestamp('2024-05-01T10:11:12.5+02:00 hi'), { ts: '2024-05-01T10:11:12.5+02:00', text: 'hi' });
  });

  it('removes exactly one space, so indentation in the line survives', () => {
    assert.deepEqual(splitTimestamp('2024-05-01T10:11:12Z    at Foo.bar (x.js:1)'), {
      ts: '2024-05-01T10:11:12Z',
      text: '   at Foo.bar (x.js:1)',
    });
  });

  it('an empty log line is just the timestamp', () => {
    assert.deepEqual(splitTimestamp('2024-05-01T10:11:12.000000001Z '), { ts: '2024-05-01T10:11:12.000000001Z', text: '' });
    assert.deepEqual(splitTimestamp('2024-05-01T10:11:12Z'), { ts: '2024-05-01T10:11:12Z', text: '' });
  });

  it('leaves lines without the prefix whole', () => {
    for (const raw of [
      'hello world',
      '',
      '2024-05-01 10:11:12 INFO started', // an app's own date format, not the kubelet's
      '2024-05-01T10:11:12Zglued',
      '2024-05-01T10:11:12 no zone',
      '12345-05-01T10:11:12Z x',
    ]) {
      assert.deepEqual(splitTimestamp(raw), { text: raw }, raw);
    }
  });
});

describe('prettyJson', () => {
  it('indents an object by two spaces, one field per line', () => {
    assert.deepEqual(prettyJson('{"level":"info","msg":"ready","port":8080}'), [
      '{',
      '  "level": "info",',
      '  "msg": "ready",',
      '  "port": 8080',
      '}',
    ]);
  });

  it('handles nesting and arrays, and leading/trailing blanks', () => {
    assert.deepEqual(prettyJson('  {"a":{"b":[1,{"c":null}]}}  '), [
      '{',
      '  "a": {',
      '    "b": [',
      '      1,',
      '      {',
      '        "c": null',
      '      }',
      '    ]',
      '  }',
      '}',
    ]);
    assert.deepEqual(prettyJson('[1,2]'), ['[', '  1,', '  2', ']']);
    assert.deepEqual(prettyJson('{}'), ['{}']);
  });

  it('leaves JSON scalars, invalid JSON and plain text alone', () => {
    for (const t of ['42', '"a string"', 'true', 'null', '', 'plain text', '{"a":', '{not json}', '[1,2', '{"a":1} trailing', 'x {"a":1}']) {
      assert.equal(prettyJson(t), undefined, t);
    }
  });

  it('keeps big integers and number spelling exactly as logged', () => {
    const out = prettyJson('{"trace_id":12345678901234567890,"ratio":1.50,"n":1e3}')!;
    assert.ok(out.includes('  "trace_id": 12345678901234567890,'), out.join('\n'));
    assert.ok(out.includes('  "ratio": 1.50,'), out.join('\n'));
    assert.ok(out.includes('  "n": 1e3'), out.join('\n'));
  });

  it('does not turn escaped control characters back into live ones', () => {
    // The line is inert text, but parsing would decode these escapes: 8-bit CSI, ESC, BEL, RLO.
    const out = prettyJson('{"m":"\\u009b2J\\u001b]0;pwned\\u0007\\u202e"}')!;
    for (const l of out) assert.doesNotMatch(l, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    const joined = out.join('\n');
    assert.ok(joined.includes('\\u009b2J'), joined);
    assert.ok(joined.includes('\\u202e'), joined);
  });
});

describe('sourceColorIndex', () => {
  it('is stable and in range', () => {
    const sources = Array.from({ length: 50 }, (_, i) => `web-6bbf7454b8-${i}x/web`);
    for (const s of sources) {
      const c = sourceColorIndex(s, 6);
      assert.ok(Number.isInteger(c) && c >= 0 && c < 6, `${s} → ${c}`);
      assert.equal(sourceColorIndex(s, 6), c);
    }
    assert.ok(new Set(sources.map((s) => sourceColorIndex(s, 6))).size >= 4, 'pods spread over the palette');
  });

  it('returns 0 for an empty palette rather than NaN', () => {
    assert.equal(sourceColorIndex('a', 0), 0);
    assert.equal(sourceColorIndex('a', 1), 0);
  });
});

describe('wrapText', () => {
  it('cuts ASCII into rows of the width', () => {
    assert.deepEqual(wrapText('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
    assert.deepEqual(wrapText('abcdefgh', 4), ['abcd', 'efgh']);
    assert.deepEqual(wrapText('', 10), ['']);
    assert.deepEqual(wrapText('short', 10), ['short']);
  });

  it('measures CJK as two columns and never splits a wide character across rows', () => {
    const text = 'エラー:接続が拒否されました';
    for (const width of [3, 4, 5, 7]) {
      const rows = wrapText(text, width);
      assert.equal(rows.join(''), text);
      for (const r of rows) assert.ok(stringWidth(r) <= width, `${JSON.stringify(r)} fits ${width}`);
    }
    assert.deepEqual(wrapText('日本語', 3), ['日', '本', '語']);
    assert.deepEqual(wrapText('a日本', 3), ['a日', '本']);
  });

  it('keeps emoji graphemes (ZWJ sequences, flags) whole', () => {
    const family = '👨‍👩‍👧';
    const rows = wrapText(`ok ${family}${family} 🇯🇵!`, 4);
    assert.equal(rows.join(''), `ok ${family}${family} 🇯🇵!`);
    for (const r of rows) assert.ok(!r.startsWith('\u200d') && !r.endsWith('\u200d'), JSON.stringify(r));
    // Each family is one 2-column grapheme: two fill a 4-column row exactly.
    assert.equal(rows.filter((r) => r === family + family).length, 1, JSON.stringify(rows));
  });

  it('gives a too-wide character its own row instead of looping', () => {
    assert.deepEqual(wrapText('日本', 1), ['日', '本']);
    assert.deepEqual(wrapText('abc', 0), ['a', 'b', 'c']);
  });
});

describe('truncateText and shortSource', () => {
  it('cuts with an ellipsis to the width, on grapheme boundaries', () => {
    assert.deepEqual(truncateText('abcdef', 4), { text: 'abc…', kept: 3 });
    assert.deepEqual(truncateText('abcd', 4), { text: 'abcd', kept: 4 });
    const cjk = truncateText('日本語テキスト', 6);
    assert.equal(cjk.text, '日本…');
    assert.ok(stringWidth(cjk.text) <= 6);
  });

  it('keeps short sources and cuts long ones to 40 columns', () => {
    assert.equal(shortSource('web-6bbf7454b8-2lhrx/web'), 'web-6bbf7454b8-2lhrx/web');
    const long = 'payments-reconciliation-worker-7d9f8b6c5d-abcde/istio-proxy';
    const s = shortSource(long);
    assert.equal(stringWidth(s), 40);
    assert.ok(s.endsWith('…'));
    assert.ok(long.startsWith(s.slice(0, -1)));
  });
});

describe('lineToText', () => {
  const line = { seq: 1, source: 'web-1/web', text: 'GET / 200', ts: '2024-05-01T10:11:12Z', kind: 'line' as const };
  it('writes timestamp and source only when asked', () => {
    assert.equal(lineToText(line, { timestamps: false, prefix: false }), 'GET / 200');
    assert.equal(lineToText(line, { timestamps: true, prefix: false }), '2024-05-01T10:11:12Z GET / 200');
    assert.equal(lineToText(line, { timestamps: true, prefix: true }), '2024-05-01T10:11:12Z web-1/web | GET / 200');
    assert.equal(lineToText({ ...line, ts: undefined }, { timestamps: true, prefix: true }), 'web-1/web | GET / 200');
  });
  it('writes markers so they stand out from log text', () => {
    assert.equal(lineToText({ seq: 2, source: 'web-1/web', text: 'container restarted', kind: 'marker' }, { timestamps: false, prefix: false }), '-- container restarted --');
  });
});
