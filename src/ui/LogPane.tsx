import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { LogRow, LogWindow } from '../model/log-window.js';
import { color, useTheme } from './theme.js';
import type { Theme } from './theme-types.js';

/** Named colours for stream prefixes: readable on dark and light backgrounds, and 16-colour safe. */
export const SOURCE_PALETTE = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'red'] as const;

function Highlighted({ text, ranges, theme }: { text: string; ranges: [number, number][]; theme: Theme }) {
  if (ranges.length === 0) return <Text>{text}</Text>;
  const parts: ReactNode[] = [];
  let at = 0;
  ranges.forEach(([a, b], i) => {
    if (a > at) parts.push(<Text key={`t${i}`}>{text.slice(at, a)}</Text>);
    parts.push(
      <Text key={`m${i}`} inverse color={color(theme, 'filterMatch')}>
        {text.slice(a, b)}
      </Text>,
    );
    at = b;
  });
  if (at < text.length) parts.push(<Text key="end">{text.slice(at)}</Text>);
  return <Text>{parts}</Text>;
}

function Row({ row, theme, timestamps }: { row: LogRow; theme: Theme; timestamps: boolean }) {
  if (row.kind === 'marker') {
    return (
      <Text wrap="truncate-end" color={color(theme, 'dim')} italic>
        {row.prefix ?? ''}── {row.text}
      </Text>
    );
  }
  const prefixColor = theme.monochrome || row.colorIndex === undefined ? undefined : SOURCE_PALETTE[row.colorIndex % SOURCE_PALETTE.length];
  return (
    <Text wrap="truncate-end">
      {timestamps && row.ts ? <Text color={color(theme, 'dim')}>{row.ts} </Text> : null}
      {row.prefix ? <Text color={prefixColor} bold={theme.monochrome}>{row.prefix}</Text> : null}
      <Highlighted text={row.text} ranges={row.highlights} theme={theme} />
    </Text>
  );
}

/** The log pane's lines: exactly `height` rows, drawn from the window the model computed. */
export function LogPane({ win, height, width, timestamps, missing }: { win: LogWindow | undefined; height: number; width: number; timestamps: boolean; missing?: string }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {!win ? <Text color={color(theme, 'dim')}>{missing ?? 'this log pane is closed; Esc goes back'}</Text> : null}
      {win && win.rows.length === 0 ? <Text color={color(theme, 'dim')}>waiting for log lines…</Text> : null}
      {win?.rows.map((r, i) => <Row key={i} row={r} theme={theme} timestamps={timestamps} />)}
    </Box>
  );
}
