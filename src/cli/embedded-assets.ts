// What the single-file bundle (dist/kdeck.mjs, and the executable built from
// it) carries inside itself, because beside it there is no package folder to
// read: the themes folder and the package version. In a checkout or a tsc
// build this stays undefined and both are read from the package folder;
// scripts/build/bundle.ts swaps this module for one holding them inline.

export interface EmbeddedAssets {
  version: string;
  /** The themes/ folder's .json files (schema.json included) by file name, as text. */
  themes: Readonly<Record<string, string>>;
}

export const embeddedAssets: EmbeddedAssets | undefined = undefined;

/** Where embedded themes appear to live: the name shows in messages and cannot clash with a real path (it is relative). */
export const EMBEDDED_THEMES_DIR = 'kdeck:themes';
