import { Box, Text } from 'ink';
import { useMemo } from 'react';
import type { Row } from '../model/rows.js';
import { layoutColumns } from '../model/columns.js';
import { REVISION_COLUMNS } from '../model/rows-revisions.js';
import { Table } from './Table.js';
import { DiffView } from './DiffView.js';
import { useKdeckState } from './use-kdeck.js';
import { historyDiff, historyPair } from '../commands/rollout.js';
import { color, useTheme } from './theme.js';

/**
 * `u` on a deployment: its revisions on top, and below them the diff of the
 * pod template from the current (or pinned) revision to the one under the cursor,
 * so the effect of an undo is seen before it is made.
 */
export function HistoryPane({ rows, cursor, offset, height, width }: { rows: Row[]; cursor: number; offset: number; height: number; width: number }) {
  const theme = useTheme();
  const state = useKdeckState((s) => s);
  const diff = useMemo(() => historyDiff(state), [state]);
  const pair = historyPair(state);
  const tableHeight = Math.min(rows.length + 1, Math.max(3, Math.floor(height * 0.4)));
  const columns = useMemo(() => layoutColumns(REVISION_COLUMNS, rows, width), [rows, width]);
  const caption = pair.from && pair.to ? `diff: revision ${pair.from.revision}${pair.from.current ? ' (current)' : ''} → ${pair.to.revision}  (Enter rolls back to ${pair.to.revision})` : '';
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Table rows={rows} columns={columns} cursor={cursor} offset={offset} height={tableHeight} width={width} empty="no revisions" />
      <Box height={1} width={width} flexShrink={0}>
        <Text color={color(theme, 'accent')} wrap="truncate-end">
          {caption}
        </Text>
      </Box>
      {diff ? <DiffView result={diff} offset={0} height={height - tableHeight - 1} width={width} empty="no differences: the templates are the same" /> : null}
    </Box>
  );
}
