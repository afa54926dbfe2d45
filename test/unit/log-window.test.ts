import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import { RingBuffer } from '../../src/model/ring-buffer.js';
import { INITIAL_LOG_VIEW, type LogLine, type LogViewState } from '../../src/model/log-types.js';
import { prettyJson, wrapText } from '../../src/model/log-format.js';
import {
  findMatch,
  jumpToMatch,
  logWindow,
  scrollLog,
  togglePause,
  type LogWindow,
  type WindowOptions,
} from '../../src/model/log-window.js';

let nextSeq = 1;

function buffer(capacity = 10_000): RingBuffer<LogLine> {
  nextSeq = 1;
  return new RingBuffer<LogLine>(capacity);
}

function add(buf: RingBuffer<LogLine>, n: number, make: (seq: number) => Partial<LogLine> = () => ({})): void {
  for (let i = 0; i < n; i++) {
    const seq = nextSeq++;
    buf.push({ seq, source: 'web-1/web', text: `line ${seq}`, kind: 'line', ...make(seq) });
  }
}

const OPTS: WindowOptions = { width: 80, height: 5, prefix: false, palette: 6 };
const view = (v: Partial<LogViewState> = {}): LogViewState => ({ ...INITIAL_LOG_VIEW, ...v });
const seqs = (w: LogWindow) => w.rows.map((r) => r.seq);
const texts = (w: LogWindow) => w.rows.map((r) => r.text);

describe('logWindow while following', () => {
  it('shows the newest lines, oldest at the top', () => {
    const buf = buffer();
    add(buf, 100);
    const w = logWindow(buf, view(), OPTS);
    assert.deepEqual(seqs(w), [96, 97, 98, 99, 100]);
    assert.deepEqual(texts(w), ['line 96', 'line 97', 'line 98', 'line 99', 'line 100']);
    assert.equal(w.topSeq, 96);
    assert.equal(w.bottomSeq, 100);
    assert.equal(w.atEnd, true);
    assert.equal(w.newSincePause, 0);
  });

  it('shows every line when they do not fill the screen, and nothing for an empty buffer', () => {
    const buf = buffer();
    assert.deepEqual(logWindow(buf, view(), OPTS).rows, []);
    add(buf, 2);
    assert.deepEqual(seqs(logWindow(buf, view(), OPTS)), [1, 2]);
  });

  it('new lines scroll into view', () => {
    const buf = buffer();
    add(buf, 10);
    add(buf, 3);
    assert.deepEqual(seqs(logWindow(buf, view(), OPTS)), [9, 10, 11, 12, 13]);
  });

  it('reads only about `height` lines of a full 10k buffer', () => {
    class Counting<T> extends RingBuffer<T> {
      reads = 0;
      override at(i: number): T | undefined {
        this.reads++;
        return super.at(i);
      }
    }
    nextSeq = 1;
    const buf = new Counting<LogLine>(10_000);
    add(buf, 25_000);
    buf.reads = 0;
    logWindow(buf, view(), { ...OPTS, height: 24 });
    assert.ok(buf.reads <= 30, `following read ${buf.reads} lines`);
    buf.reads = 0;
    const w = logWindow(buf, view({ follow: false, topSeq: 20_000 }), { ...OPTS, height: 24 });
    assert.equal(w.topSeq, 20_000);
    assert.ok(buf.reads <= 24 + 2 * 15, `scrolled read ${buf.reads} lines`);
  });
});

describe('logWindow row contents', () => {
  it('puts prefix and timestamp on the first row only and fits the text into what is left', () => {
    const buf = buffer();
    add(buf, 1, () => ({ ts: '2024-05-01T10:11:12Z', text: 'x'.repeat(200) }));
    const opts = { ...OPTS, width: 60, prefix: true };
    const [row] = logWindow(buf, view({ timestamps: true }), opts).rows;
    assert.equal(row!.prefix, 'web-1/web | ');
    assert.equal(row!.ts, '2024-05-01T10:11:12Z');
    assert.ok(row!.text.endsWith('…'));
    assert.equal(stringWidth(row!.ts! + ' ' + row!.prefix + row!.text), 60);
    assert.equal(row!.colorIndex, logWindow(buf, view(), opts).rows[0]!.colorIndex);
    assert.ok(row!.colorIndex! >= 0 && row!.colorIndex! < 6);
  });

  it('leaves timestamps and prefixes out when they are off', () => {
    const buf = buffer();
    add(buf, 1, () => ({ ts: '2024-05-01T10:11:12Z' }));
    const [row] = logWindow(buf, view(), OPTS).rows;
    assert.equal(row!.ts, undefined);
    assert.equal(row!.prefix, undefined);
    assert.equal(row!.text, 'line 1');
  });

  it('wraps a long line into full rows; continuation rows have no prefix and use the full width', () => {
    const buf = buffer();
    add(buf, 1, () => ({ text: 'abcdefghijklmnopqrstuvwxyz' }));
    const w = logWindow(buf, view({ wrap: true }), { ...OPTS, width: 12, prefix: true, height: 10 });
    // prefix "web-1/web | " is 12 columns, leaving 1 for the first row's text.
    assert.deepEqual(texts(w), ['a', 'bcdefghijklm', 'nopqrstuvwxy', 'z']);
    assert.deepEqual(seqs(w), [1, 1, 1, 1]);
    assert.deepEqual(w.rows.map((r) => r.prefix), ['web-1/web | ', undefined, undefined, undefined]);
  });

  it('wraps CJK by display width', () => {
    const buf = buffer();
    add(buf, 1, () => ({ text: '接続が拒否されました' }));
    const w = logWindow(buf, view({ wrap: true }), { ...OPTS, width: 7, height: 10 });
    assert.equal(texts(w).join(''), '接続が拒否されました');
    for (const r of w.rows) assert.ok(stringWidth(r.text) <= 7);
    assert.equal(w.rows.length, 4);
  });

  it('marks markers and leaves room for the "── " the pane draws before them', () => {
    const buf = buffer();
    add(buf, 1, () => ({ kind: 'marker', text: 'web-2 joined '.repeat(10), ts: '2024-05-01T10:11:12Z' }));
    const [row] = logWindow(buf, view({ timestamps: true }), { ...OPTS, width: 30 }).rows;
    assert.equal(row!.kind, 'marker');
    assert.equal(row!.ts, undefined);
    assert.equal(stringWidth(row!.text), 27);
  });

  it('counts rows of pretty-printed JSON, with wrapping, when filling the screen', () => {
    const json = JSON.stringify({ level: 'error', msg: 'upstream connect error or disconnect/reset before headers', code: 503 });
    const buf = buffer();
    add(buf, 1, () => ({ text: 'before' }));
    add(buf, 1, () => ({ text: json }));
    add(buf, 1, () => ({ text: 'after' }));
    const width = 30;
    const pretty = prettyJson(json)!;
    const expected = pretty.flatMap((l) => wrapText(l, width));
    assert.ok(expected.length > pretty.length, 'one pretty line is longer than the width');
    const all = logWindow(buf, view({ pretty: true, wrap: true }), { ...OPTS, width, height: 100 });
    assert.deepEqual(texts(all), ['before', ...expected, 'after']);
    // A screen one row short of everything drops exactly the oldest line.
    const h = expected.length + 1;
    const w = logWindow(buf, view({ pretty: true, wrap: true }), { ...OPTS, width, height: h });
    assert.deepEqual(texts(w), [...expected, 'after']);
    assert.equal(w.topSeq, 2);
    // Without wrap each pretty line is one row, cut with '…'.
    const nowrap = logWindow(buf, view({ pretty: true }), { ...OPTS, width, height: 100 });
    assert.equal(nowrap.rows.length, pretty.length + 2);
    assert.ok(nowrap.rows.some((r) => r.text.endsWith('…')));
    // Pretty off: the JSON stays one row.
    assert.equal(logWindow(buf, view(), { ...OPTS, width, height: 100 }).rows.length, 3);
  });
});

describe('search highlights', () => {
  it('marks every case-insensitive match', () => {
    const buf = buffer();
    add(buf, 1, () => ({ text: 'an error and Error and ERROR' }));
    const [row] = logWindow(buf, view({ search: 'error' }), OPTS).rows;
    assert.deepEqual(row!.highlights, [[3, 8], [13, 18], [23, 28]]);
    for (const [a, b] of row!.highlights) assert.equal(row!.text.slice(a, b).toLowerCase(), 'error');
  });

  it('treats the query as text, not a pattern', () => {
    const buf = buffer();
    add(buf, 1, () => ({ text: 'a.b axb (x) [y]' }));
    assert.deepEqual(logWindow(buf, view({ search: 'a.b' }), OPTS).rows[0]!.highlights, [[0, 3]]);
    assert.deepEqual(logWindow(buf, view({ search: '(x)' }), OPTS).rows[0]!.highlights, [[8, 11]]);
  });

  it('splits a match across wrapped rows and clips it at the ellipsis', () => {
    const buf = buffer();
    add(buf, 1, () => ({ text: 'xxxxxxERRORxxxxx' }));
    const wrapped = logWindow(buf, view({ wrap: true, search: 'error' }), { ...OPTS, width: 8 });
    assert.deepEqual(texts(wrapped), ['xxxxxxER', 'RORxxxxx']);
    assert.deepEqual(wrapped.rows.map((r) => r.highlights), [[[6, 8]], [[0, 3]]]);
    const cut = logWindow(buf, view({ search: 'error' }), { ...OPTS, width: 9 });
    assert.equal(cut.rows[0]!.text, 'xxxxxxER…');
    assert.deepEqual(cut.rows[0]!.highlights, [[6, 8]]);
  });

  it('has no highlights without a search', () => {
    const buf = buffer();
    add(buf, 3);
    for (const r of logWindow(buf, view(), OPTS).rows) assert.deepEqual(r.highlights, []);
  });
});

describe('pause', () => {
  it('holds the screen still while lines keep arriving, and counts them', () => {
    const buf = buffer();
    add(buf, 50);
    const paused = togglePause(buf, view());
    assert.equal(paused.paused, true);
    assert.equal(paused.pausedAtSeq, 50);
    const before = logWindow(buf, paused, OPTS);
    add(buf, 20);
    const after = logWindow(buf, paused, OPTS);
    assert.deepEqual(after.rows, before.rows);
    assert.equal(after.newSincePause, 20);
    assert.equal(after.atEnd, false);
    const resumed = togglePause(buf, paused);
    assert.equal(resumed.paused, false);
    assert.equal(resumed.follow, true);
    const live = logWindow(buf, resumed, OPTS);
    assert.deepEqual(seqs(live), [66, 67, 68, 69, 70]);
    assert.equal(live.newSincePause, 0);
  });

  it('does not fill a half-empty screen with lines that came after the pause', () => {
    const buf = buffer();
    add(buf, 2);
    const paused = togglePause(buf, view());
    add(buf, 10);
    assert.deepEqual(seqs(logWindow(buf, paused, OPTS)), [1, 2]);
  });

  it('keeps a scrolled screen still too, and resuming keeps it scrolled', () => {
    const buf = buffer();
    add(buf, 50);
    const scrolled = view({ follow: false, topSeq: 10 });
    const paused = togglePause(buf, scrolled);
    add(buf, 5);
    assert.deepEqual(seqs(logWindow(buf, paused, OPTS)), [10, 11, 12, 13, 14]);
    const resumed = togglePause(buf, paused);
    assert.equal(resumed.follow, false);
    assert.equal(resumed.pausedAtSeq, 0);
    assert.deepEqual(seqs(logWindow(buf, resumed, OPTS)), [10, 11, 12, 13, 14]);
  });

  it('counts lines that arrived and were overwritten while paused, and shows what is left', () => {
    const buf = buffer(10);
    add(buf, 10);
    const paused = togglePause(buf, view());
    add(buf, 25);
    const w = logWindow(buf, paused, OPTS);
    assert.equal(w.newSincePause, 25);
    assert.deepEqual(seqs(w), [31, 32, 33, 34, 35]);
  });
});

describe('scrolled windows', () => {
  it('start at topSeq and do not move as lines arrive', () => {
    const buf = buffer();
    add(buf, 100);
    const v = view({ follow: false, topSeq: 40 });
    assert.deepEqual(seqs(logWindow(buf, v, OPTS)), [40, 41, 42, 43, 44]);
    add(buf, 50);
    const w = logWindow(buf, v, OPTS);
    assert.deepEqual(seqs(w), [40, 41, 42, 43, 44]);
    assert.equal(w.atEnd, false);
  });

  it('start at the oldest kept line once the top line was dropped', () => {
    const buf = buffer(20);
    add(buf, 20);
    const v = view({ follow: false, topSeq: 5 });
    add(buf, 10);
    assert.deepEqual(seqs(logWindow(buf, v, OPTS)), [11, 12, 13, 14, 15]);
  });

  it('fill up below the last line as new ones arrive', () => {
    const buf = buffer();
    add(buf, 3);
    const v = view({ follow: false, topSeq: 2 });
    assert.deepEqual(seqs(logWindow(buf, v, OPTS)), [2, 3]);
    add(buf, 10);
    assert.deepEqual(seqs(logWindow(buf, v, OPTS)), [2, 3, 4, 5, 6]);
  });
});

describe('scrollLog', () => {
  const setup = () => {
    const buf = buffer();
    add(buf, 100);
    return buf;
  };

  it('k from the end stops following and moves the screen up by one line', () => {
    const buf = setup();
    const v = scrollLog(buf, view(), OPTS, 'up');
    assert.equal(v.follow, false);
    assert.deepEqual(seqs(logWindow(buf, v, OPTS)), [95, 96, 97, 98, 99]);
    add(buf, 5);
    assert.deepEqual(seqs(logWindow(buf, v, OPTS)), [95, 96, 97, 98, 99], 'no longer following');
  });

  it('j back to the end turns following on again', () => {
    const buf = setup();
    const up = scrollLog(buf, view(), OPTS, 'up');
    const down = scrollLog(buf, up, OPTS, 'down');
    assert.equal(down.follow, true);
    assert.deepEqual(seqs(logWindow(buf, down, OPTS)), [96, 97, 98, 99, 100]);
    const up2 = scrollLog(buf, scrollLog(buf, up, OPTS, 'up'), OPTS, 'down');
    assert.equal(up2.follow, false);
    assert.equal(up2.topSeq, 95);
  });

  it('pages by a screen of lines', () => {
    const buf = setup();
    const p1 = scrollLog(buf, view(), OPTS, 'pageUp');
    assert.equal(p1.follow, false);
    assert.deepEqual(seqs(logWindow(buf, p1, OPTS)), [91, 92, 93, 94, 95]);
    const p2 = scrollLog(buf, p1, OPTS, 'pageUp');
    assert.equal(p2.topSeq, 86);
    const d1 = scrollLog(buf, p2, OPTS, 'pageDown');
    assert.equal(d1.topSeq, 91);
    assert.equal(d1.follow, false);
    const d2 = scrollLog(buf, d1, OPTS, 'pageDown');
    assert.equal(d2.follow, true);
  });

  it('g goes to the oldest line and G back to following', () => {
    const buf = setup();
    const top = scrollLog(buf, view(), OPTS, 'top');
    assert.equal(top.follow, false);
    assert.deepEqual(seqs(logWindow(buf, top, OPTS)), [1, 2, 3, 4, 5]);
    assert.equal(scrollLog(buf, top, OPTS, 'up'), top, 'nothing above the oldest line');
    assert.equal(scrollLog(buf, top, OPTS, 'pageUp'), top);
    const down = scrollLog(buf, top, OPTS, 'down');
    assert.equal(down.topSeq, 2);
    assert.equal(down.follow, false);
    const bottom = scrollLog(buf, down, OPTS, 'bottom');
    assert.equal(bottom.follow, true);
    assert.deepEqual(seqs(logWindow(buf, bottom, OPTS)), [96, 97, 98, 99, 100]);
  });

  it('k when everything fits on screen keeps following', () => {
    const buf = buffer();
    add(buf, 3);
    const v = view();
    assert.equal(scrollLog(buf, v, OPTS, 'up'), v);
  });

  it('k when the top line shows only its tail reveals the rest of it', () => {
    const buf = buffer();
    add(buf, 1, () => ({ text: 'a'.repeat(50) }));
    add(buf, 1, () => ({ text: 'b'.repeat(50) }));
    const opts = { ...OPTS, width: 10, height: 3 };
    const following = logWindow(buf, view({ wrap: true }), opts);
    assert.deepEqual(seqs(following), [2, 2, 2]);
    const up = scrollLog(buf, view({ wrap: true }), opts, 'up');
    assert.equal(up.topSeq, 2);
    assert.equal(up.follow, false);
    assert.deepEqual(texts(logWindow(buf, up, opts)), ['b'.repeat(10), 'b'.repeat(10), 'b'.repeat(10)]);
    const up2 = scrollLog(buf, up, opts, 'up');
    assert.equal(up2.topSeq, 1);
  });

  it('while paused, the end is the pause point: scrolling back down returns to the frozen screen', () => {
    const buf = setup();
    const paused = togglePause(buf, view());
    const frozen = seqs(logWindow(buf, paused, OPTS));
    add(buf, 30);
    const up = scrollLog(buf, paused, OPTS, 'pageUp');
    assert.equal(up.follow, false);
    assert.deepEqual(seqs(logWindow(buf, up, OPTS)), [91, 92, 93, 94, 95]);
    const down = scrollLog(buf, up, OPTS, 'pageDown');
    assert.equal(down.follow, true);
    assert.deepEqual(seqs(logWindow(buf, down, OPTS)), frozen);
    assert.equal(scrollLog(buf, down, OPTS, 'down'), down, 'cannot scroll past the pause point');
  });

  it('does nothing on an empty buffer, except G', () => {
    const buf = buffer();
    const v = view({ follow: false, topSeq: 0 });
    const following = view();
    assert.equal(scrollLog(buf, following, OPTS, 'up'), following);
    assert.equal(scrollLog(buf, following, OPTS, 'top'), following);
    assert.equal(scrollLog(buf, v, OPTS, 'down').follow, false);
    assert.equal(scrollLog(buf, v, OPTS, 'bottom').follow, true);
  });
});

describe('findMatch and jumpToMatch', () => {
  const setup = () => {
    const buf = buffer();
    add(buf, 100, (seq) => ({ text: seq % 25 === 0 ? `request failed: Timeout after 30s (#${seq})` : `ok ${seq}` }));
    return buf;
  };

  it('finds the next and previous matching line, strictly after or before', () => {
    const buf = setup();
    assert.equal(findMatch(buf, 0, 'timeout', 1), 25);
    assert.equal(findMatch(buf, 25, 'TIMEOUT', 1), 50);
    assert.equal(findMatch(buf, 100, 'timeout', 1), undefined);
    assert.equal(findMatch(buf, 100, 'timeout', -1), 75);
    assert.equal(findMatch(buf, 75, 'timeout', -1), 50);
    assert.equal(findMatch(buf, 25, 'timeout', -1), undefined);
    assert.equal(findMatch(buf, 10, 'no such text', 1), undefined);
    assert.equal(findMatch(buf, 10, '', 1), undefined);
  });

  it('finds from a seq that is no longer in the buffer', () => {
    const buf = buffer(30);
    add(buf, 100, (seq) => ({ text: seq % 25 === 0 ? 'boom' : 'ok' }));
    assert.equal(findMatch(buf, 5, 'boom', 1), 75);
    assert.equal(findMatch(buf, 5, 'boom', -1), undefined);
  });

  it('n and N put the match at the top of the screen and stop following', () => {
    const buf = setup();
    const v = view({ search: 'timeout' });
    const back = jumpToMatch(buf, v, OPTS, -1);
    assert.equal(back.found, true);
    assert.equal(back.view.follow, false);
    assert.equal(back.view.topSeq, 75);
    const w = logWindow(buf, back.view, OPTS);
    assert.equal(w.rows[0]!.seq, 75);
    assert.deepEqual(w.rows[0]!.highlights, [[16, 23]]);
    const back2 = jumpToMatch(buf, back.view, OPTS, -1);
    assert.equal(back2.view.topSeq, 50);
    const fwd = jumpToMatch(buf, back2.view, OPTS, 1);
    assert.equal(fwd.view.topSeq, 75);
    const none = jumpToMatch(buf, view({ search: 'timeout', follow: false, topSeq: 25 }), OPTS, -1);
    assert.equal(none.found, false);
    assert.equal(none.view.topSeq, 25);
  });

  it('while paused, matches after the pause point are out of reach', () => {
    const buf = buffer();
    add(buf, 20);
    const paused = togglePause(buf, view({ search: 'needle' }));
    add(buf, 5, () => ({ text: 'needle' }));
    assert.equal(jumpToMatch(buf, paused, OPTS, 1).found, false);
  });
});

describe('timing (printed, not asserted)', () => {
  it('logWindow over a full 10k buffer', () => {
    const buf = buffer(10_000);
    add(buf, 30_000, (seq) => ({
      source: `web-${seq % 5}/web`,
      text: seq % 7 === 0 ? JSON.stringify({ level: 'info', msg: `handled request ${seq}`, ms: seq % 300 }) : `GET /api/v1/items/${seq} 200 ${seq % 97}ms`,
      ts: '2024-05-01T10:11:12.123456789Z',
    }));
    const opts: WindowOptions = { width: 120, height: 40, prefix: true, palette: 6 };
    const heavy = view({ wrap: true, pretty: true, timestamps: true, search: 'items' });
    const time = (label: string, v: LogViewState) => {
      const n = 1000;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) logWindow(buf, v, opts);
      console.log(`# logWindow ${label}: ${((performance.now() - t0) / n).toFixed(3)} ms per call`);
    };
    time('following, plain', view());
    time('following, wrap+pretty+timestamps+search', heavy);
    time('scrolled to the middle, wrap+pretty+timestamps+search', { ...heavy, follow: false, topSeq: 25_000 });
    const t0 = performance.now();
    const found = findMatch(buf, 20_001, 'no such text', 1);
    console.log(`# findMatch over 10k lines without a hit: ${(performance.now() - t0).toFixed(2)} ms`);
    assert.equal(found, undefined);
  });
});
