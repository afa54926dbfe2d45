import { render, type Instance } from 'ink';
import { useMemo } from 'react';
import { App } from './App.js';
import { KdeckContext } from './use-kdeck.js';
import { ThemeContext } from './theme.js';
import type { Theme } from './theme-types.js';
import type { Session } from '../commands/session.js';
import { createRowsSelector } from '../store/selectors.js';
import { FrameStream } from './terminal/frame-stream.js';

export interface MountOptions {
  session: Session;
  theme: Theme;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
  /** Frame cap; watch bursts and typing never draw faster than this. */
  maxFps?: number;
}

export function Root({ session, theme }: { session: Session; theme: Theme }) {
  const rowsOf = useMemo(createRowsSelector, []);
  return (
    <ThemeContext.Provider value={theme}>
      <KdeckContext.Provider value={{ session, rowsOf }}>
        <App />
      </KdeckContext.Provider>
    </ThemeContext.Provider>
  );
}

export function mountApp(opts: MountOptions): Instance {
  const stdout = opts.stdout ?? process.stdout;
  // On a terminal, frames go through the cell differ: Ink hands it whole frames, it sends the changed cells.
  const target = stdout.isTTY ? (new FrameStream(stdout) as unknown as NodeJS.WriteStream) : stdout;
  return render(<Root session={opts.session} theme={opts.theme} />, {
    stdout: target,
    stdin: opts.stdin ?? process.stdin,
    stderr: opts.stderr ?? process.stderr,
    alternateScreen: true,
    // Whole frames: FrameStream does the diffing, per cell rather than Ink's per line.
    incrementalRendering: !stdout.isTTY,
    maxFps: opts.maxFps ?? 30,
    // Ink turns itself non-interactive when CI is set; a console on a real TTY is interactive regardless.
    interactive: Boolean(stdout.isTTY),
    exitOnCtrlC: false,
    patchConsole: true,
  });
}
