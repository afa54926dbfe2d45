import { Box, Text } from 'ink';
import { helpSections } from './keymap.js';
import { COMMAND_ALIASES } from '../model/commands.js';
import { color, useTheme } from './theme.js';

interface HelpLine {
  key: string;
  text: string;
  title?: boolean;
}

function helpLines(): HelpLine[] {
  const lines: HelpLine[] = [];
  for (const s of helpSections()) {
    lines.push({ key: '', text: s.title, title: true });
    for (const r of s.rows) lines.push({ key: r.keys, text: r.help });
  }
  lines.push({ key: '', text: 'commands', title: true });
  for (const [name, aliases] of Object.entries(COMMAND_ALIASES)) lines.push({ key: `:${aliases[0]}`, text: `${name} (${aliases.map((a) => ':' + a).join(' ')})` });
  return lines;
}

/**
 * `?`: every key from the keymap table, and the `:` commands, in as many
 * columns as it takes to fit without scrolling. Lines are never given more rows
 * than exist: Ink would squeeze them on top of each other.
 */
export function Help({ width, height }: { width: number; height: number }) {
  const theme = useTheme();
  const lines = helpLines();
  const perColumn = Math.max(1, height - 1);
  const wanted = Math.ceil(lines.length / perColumn);
  const columnCount = Math.max(1, Math.min(wanted, Math.floor(width / 36) || 1));
  const columnWidth = Math.floor(width / columnCount);
  const columns: HelpLine[][] = [];
  for (let i = 0; i < columnCount; i++) columns.push(lines.slice(i * perColumn, (i + 1) * perColumn));
  const hidden = lines.length - columnCount * perColumn;
  const keyWidth = Math.min(14, Math.max(...lines.map((l) => l.key.length)) + 1);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold color={color(theme, 'accent')} wrap="truncate-end">
        Help — Esc or ? to close{hidden > 0 ? ` (${hidden} more lines: enlarge the terminal)` : ''}
      </Text>
      <Box flexDirection="row" height={perColumn} flexShrink={0}>
        {columns.map((col, ci) => (
          <Box key={ci} flexDirection="column" width={columnWidth} flexShrink={0}>
            {col.map((l, i) =>
              l.title ? (
                <Text key={i} bold color={color(theme, 'tableHeader')} wrap="truncate-end">
                  {l.text}
                </Text>
              ) : (
                <Text key={i} wrap="truncate-end">
                  <Text color={color(theme, 'footerKey')}>{l.key.padEnd(keyWidth).slice(0, keyWidth)}</Text>
                  <Text color={color(theme, 'text')}>{l.text}</Text>
                </Text>
              ),
            )}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
