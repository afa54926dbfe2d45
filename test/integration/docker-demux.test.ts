// Docker's stdout/stderr frames cut at arbitrary chunk boundaries, as a slow
// connection delivers them; no engine needed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrameDemuxer } from '../../src/sources/docker/demux.js';

function frame(stream: number, text: string): Buffer {
  const body = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
}

test('frames split anywhere still give whole lines, stdout and stderr kept apart', () => {
  const wire = Buffer.concat([frame(1, 'out one\nout t'), frame(2, 'err half'), frame(1, 'wo\r\n'), frame(2, ' done\n'), frame(1, 'héllo\nlast')]);
  for (const size of [1, 3, 7, 8, 9, wire.length]) {
    const d = new FrameDemuxer();
    const got: string[] = [];
    for (let i = 0; i < wire.length; i += size) got.push(...d.push(wire.subarray(i, i + size)));
    got.push(...d.end());
    assert.deepEqual(got, ['out one', 'out two', 'err half done', 'héllo', 'last'], `chunk size ${size}`);
  }
});
