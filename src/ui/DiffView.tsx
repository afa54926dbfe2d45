import { Box, Text } from 'ink';
import type { DiffLine, DiffResult } from '../model/diff.js';
import { sanitize } from '../model/sanitize.js';
import { color, useTheme } from './theme.js';
import type { ThemeRole } from './theme-types.js';

const ROLE: Record<DiffLine['kind'], ThemeRole> = { header: 'tableHeader', hunk: 'accent', add: 'ok', del: 'bad', ctx: 'text' };

/** A window of a unified diff: `height` lines from `offset`, coloured by kind (and still readable in monochrome, by its +/- signs). */
export function DiffView({ result, offset, height, width, empty }: { result: DiffResult; offset: number; height: number; width: number; empty?: string }) {
  const theme = useTheme();
  const lines = result.lines.slice(offset, offset + Math.max(0, height));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {!result.changed ? <Text color={color(theme, 'dim')}>{empty ?? 'no differences'}</Text> : null}
      {lines.map((l, i) => (
        <Text key={offset + i} wrap="truncate-end" color={color(theme, ROLE[l.kind])} bold={l.kind === 'header' || l.kind === 'hunk'}>
          {sanitize(l.text) || ' '}
        </Text>
      ))}
    </Box>
  );
}
