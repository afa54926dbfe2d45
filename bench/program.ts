// What the PTY benchmark needs to know about a program under test (kdeck, k9s):
// how to start it, and how to recognise the frames the measures wait for.
export interface Program {
  name: string; // "kdeck" / "k9s"
  command: string;
  args: string[];
  env: Record<string, string>;
  /** The screen shows the pod table with all `n` pods counted (in the header/breadcrumb/title). */
  fullTable(screen: string, n: number): boolean;
  /** Keys that open the filter and type `query` (typed one character per write), and what the screen shows once the filtered table is drawn. */
  filterKeys(query: string): string[];
  filtered(screen: string, query: string): boolean;
  /** Keys that quit. */
  quitKeys: string[];
}
