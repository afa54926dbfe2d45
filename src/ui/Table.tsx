import { Box, Text } from 'ink';
import { memo } from 'react';
import type { Row } from '../model/rows.js';
import type { ColumnLayout } from '../model/columns.js';
import { fitCell } from '../model/columns.js';
import { color, healthRole, useTheme } from './theme.js';
import type { Theme } from './theme-types.js';

function renderLine(row: Row, cols: ColumnLayout[]): string {
  return cols.map((c) => fitCell(row.cells[c.id] ?? '', c.width, c.align)).join(' ');
}

/**
 * One row is one <Text>, memoised on its text: a row that did not change is
 * not re-rendered, and the frame differ (terminal/cell-diff.ts) sends only the
 * cells that did.
 */
const TableRow = memo(function TableRow({ line, statusRole, selected, theme }: { line: string; statusRole: string; selected: boolean; theme: Theme }) {
  if (selected) {
    return theme.monochrome ? (
      <Text inverse>{line}</Text>
    ) : (
      <Text color={color(theme, 'selectedText')} backgroundColor={color(theme, 'selectedBackground')}>
        {line}
      </Text>
    );
  }
  return <Text color={color(theme, statusRole as 'ok')}>{line}</Text>;
});

export function Table({ rows, columns, cursor, offset, height, width, empty }: { rows: Row[]; columns: ColumnLayout[]; cursor: number; offset: number; height: number; width: number; empty?: string }) {
  const theme = useTheme();
  const visible = rows.slice(offset, offset + Math.max(0, height - 1));
  const head = columns.map((c) => fitCell(c.title, c.width, c.align)).join(' ');
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold color={color(theme, 'tableHeader')} wrap="truncate-end">
        {head}
      </Text>
      {visible.length === 0 && empty ? <Text color={color(theme, 'dim')} wrap="truncate-end">{empty}</Text> : null}
      {/* Keyed by screen position: scrolling or a new filter rewrites the text of the same row slots
          instead of unmounting and mounting every row (garbage, and Ink layout nodes to rebuild). */}
      {visible.map((r, i) => (
        <TableRow key={i} line={renderLine(r, columns)} statusRole={r.health === 'ok' ? 'text' : healthRole(r.health)} selected={offset + i === cursor} theme={theme} />
      ))}
    </Box>
  );
}
