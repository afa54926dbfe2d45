// The stdout Ink writes to. Ink (non-incremental) sends every frame whole,
// after a sequence that erases the previous one; this stream keeps what the
// terminal shows and forwards only the cells that changed (cell-diff.ts).
// Everything else Ink writes (alternate screen, cursor visibility) passes
// through unchanged.
import { EventEmitter } from 'node:events';
import { diffFrames, paintFrame, parseFrame, type Frame } from './cell-diff.js';
import { PLAIN, type Style } from './sgr.js';

const BSU = '\x1b[?2026h';
const ESU = '\x1b[?2026l';
/** Ink's erase of the previous frame: ansi-escapes' eraseLines(n), or home + erase down after a resize. */
const ERASE_PREFIX = /^(?:(?:\x1b\[2K(?:\x1b\[1A)?)*\x1b\[G|\x1b\[1;1H\x1b\[J)/;
/** What a frame may contain besides text: colour codes only. */
const ONLY_SGR_ESCAPES = /^(?:[^\x1b]|\x1b\[[0-9;]*m)*$/;
const HARMLESS = new Set(['\x1b[?25l', '\x1b[?25h']);
/**
 * Small updates go out as they are; a large one is wrapped in synchronized
 * output so terminals that support it show it at once instead of tearing. The
 * wrapper costs 16 bytes, more than a one-cell change itself.
 */
const SYNC_ABOVE_BYTES = 512;

export class FrameStream extends EventEmitter {
  readonly isTTY = true;
  private shown: Frame | undefined;
  /** The colours the terminal draws in after our last write; known only while `shown` is. */
  private pen: Style = PLAIN;
  private inSync = false;
  private pending = '';

  constructor(private readonly out: NodeJS.WriteStream) {
    super();
    // After a resize the terminal may have rewrapped or cleared what it showed: paint the next frame whole.
    out.on('resize', () => {
      this.shown = undefined;
      this.emit('resize');
    });
  }

  get columns(): number {
    return this.out.columns;
  }

  get rows(): number {
    return this.out.rows;
  }

  get writable(): boolean {
    return this.out.writable;
  }

  get writableEnded(): boolean {
    return this.out.writableEnded;
  }

  get destroyed(): boolean {
    return this.out.destroyed;
  }

  write(chunk: string | Uint8Array, encoding?: BufferEncoding | ((err?: Error | null) => void), cb?: (err?: Error | null) => void): boolean {
    const done = typeof encoding === 'function' ? encoding : cb;
    this.take(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    done?.();
    return true;
  }

  private send(s: string): void {
    if (!s) return;
    if (this.inSync) this.pending += s;
    else this.out.write(s);
  }

  private take(s: string): void {
    if (s === BSU) {
      this.inSync = true;
      return;
    }
    if (s === ESU) {
      this.inSync = false;
      const p = this.pending;
      this.pending = '';
      if (p) this.out.write(p.length > SYNC_ABOVE_BYTES ? BSU + p + ESU : p);
      return;
    }
    const prefix = ERASE_PREFIX.exec(s)?.[0] ?? '';
    const rest = s.slice(prefix.length);
    if (prefix && rest === '') {
      // Ink erasing its frame (before exit, or to print something above it): start from a clean screen, in the default colours.
      this.shown = undefined;
      this.pen = PLAIN;
      this.send('\x1b[0m\x1b[H\x1b[2J');
      return;
    }
    if ((prefix || /[^\s]/.test(rest)) && ONLY_SGR_ESCAPES.test(rest)) {
      this.frame(rest);
      return;
    }
    if (!HARMLESS.has(s)) this.shown = undefined;
    this.send(s);
  }

  private frame(text: string): void {
    // Most lines of a frame are the ones the terminal already shows; only the others are parsed into cells.
    const next = parseFrame(text, this.shown);
    if (this.shown === undefined) {
      this.send(paintFrame(next));
      this.pen = PLAIN;
    } else {
      const d = diffFrames(this.shown, next, this.pen);
      this.send(d.out);
      this.pen = d.pen;
    }
    this.shown = next;
  }
}
