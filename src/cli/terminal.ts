// Last-resort terminal restoration: Ink restores the screen when it unmounts
// cleanly, but a crash or a signal can stop it halfway.
const RESTORE = '\x1b[?1049l' + '\x1b[?25h' + '\x1b[0m';

let fullscreen = false;
let teardown: (() => void) | undefined;

/**
 * Called once the UI owns the screen; before that there is nothing to restore, and writing the sequences would move a shell's cursor.
 * `unmount` is the UI's own teardown: left to run at process exit instead, Ink
 * would draw its last frame again after the main screen is back, over the
 * shell and over the error line.
 */
export function markFullscreen(on: boolean, unmount?: () => void): void {
  fullscreen = on;
  teardown = on ? unmount : undefined;
}

export function restoreTerminal(stdout: NodeJS.WriteStream = process.stdout, stdin: NodeJS.ReadStream = process.stdin): void {
  if (!fullscreen) return;
  fullscreen = false;
  const unmount = teardown;
  teardown = undefined;
  try {
    unmount?.();
  } catch {
    // the UI may be what crashed; the sequences below still restore the terminal
  }
  try {
    if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
  } catch {
    // stdin may already be closed (the SSH session dropped); nothing left to restore there.
  }
  try {
    if (stdout.isTTY) stdout.write(RESTORE);
  } catch {
    // same for stdout
  }
}
