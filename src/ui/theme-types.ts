// The shape the UI reads colours from. Kept free of imports so that
// components, the CLI and tests can all share it without pulling in I/O.

export const THEME_ROLES = [
  'text',
  'dim',
  'header',
  'headerAccent',
  'border',
  'tableHeader',
  'selectedText',
  'selectedBackground',
  'ok',
  'warn',
  'bad',
  'done',
  'accent',
  'footerKey',
  'footerText',
  'commandBar',
  'error',
  'filterMatch',
] as const;

export type ThemeRole = (typeof THEME_ROLES)[number];

export interface Theme {
  name: string;
  /** When true, ignore colours: selection is inverse video, emphasis is bold. */
  monochrome: boolean;
  /** An Ink colour (name or #rrggbb); undefined means the terminal's default. */
  colors: Record<ThemeRole, string | undefined>;
}
