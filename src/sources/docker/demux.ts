// Docker multiplexes stdout and stderr of a container without a TTY into one
// stream of frames: 1 byte stream id, 3 zero bytes, 4 bytes big-endian length,
// then the payload. Frames and lines both cross chunk boundaries, so this
// keeps the partial header/payload and one line splitter per stream (a half
// line on stdout must not be glued to a line on stderr).
import { LineSplitter } from '../kube/logs.js';

export class FrameDemuxer {
  private header = Buffer.alloc(0);
  private remaining = 0;
  private stream = 1;
  private readonly splitters = new Map<number, LineSplitter>();

  /** Lines completed by this chunk, in the order they completed. */
  push(chunk: Uint8Array): string[] {
    let buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const out: string[] = [];
    while (buf.length > 0) {
      if (this.remaining === 0) {
        const need = 8 - this.header.length;
        this.header = Buffer.concat([this.header, buf.subarray(0, need)]);
        buf = buf.subarray(need);
        if (this.header.length < 8) break;
        this.stream = this.header[0]!;
        this.remaining = this.header.readUInt32BE(4);
        this.header = Buffer.alloc(0);
        continue;
      }
      const take = Math.min(this.remaining, buf.length);
      for (const l of this.splitter(this.stream).push(buf.subarray(0, take))) out.push(l);
      this.remaining -= take;
      buf = buf.subarray(take);
    }
    return out;
  }

  end(): string[] {
    const out: string[] = [];
    for (const s of this.splitters.values()) out.push(...s.end());
    return out;
  }

  private splitter(id: number): LineSplitter {
    let s = this.splitters.get(id);
    if (!s) {
      s = new LineSplitter();
      this.splitters.set(id, s);
    }
    return s;
  }
}
