// The shapes the log pane shares between its layers: lines as kept in the
// ring buffer, and the view state the pane is drawn from.

/** One line in a log pane's buffer. `text` is already sanitized. */
export interface LogLine {
  /** Arrival order across all streams of the pane, from 1. */
  seq: number;
  /** "pod/container"; the prefix shown when a pane follows several streams. */
  source: string;
  text: string;
  /** RFC 3339 timestamp the server put in front of the line (asked for always, shown on `t`). */
  ts?: string;
  /** Lines kdeck writes itself: a stream joined, left, restarted, is waiting. */
  kind: 'line' | 'marker';
}

/** How a log pane is looked at; everything `j`/`k`, `t`, `w`, `J`, `/`, space change. */
export interface LogViewState {
  /** Following the end: new lines scroll into view. */
  follow: boolean;
  /** Paused: the screen holds still, lines keep arriving into the buffer. */
  paused: boolean;
  /** seq of the last line that had arrived when the pane paused. */
  pausedAtSeq: number;
  /** When not following: seq of the line at the top of the screen. */
  topSeq: number;
  timestamps: boolean;
  wrap: boolean;
  pretty: boolean;
  /** Search text ('' = none); matches are highlighted, n/N jump between them. */
  search: string;
}

export const INITIAL_LOG_VIEW: LogViewState = {
  follow: true,
  paused: false,
  pausedAtSeq: 0,
  topSeq: 0,
  timestamps: false,
  wrap: false,
  pretty: false,
  search: '',
};
