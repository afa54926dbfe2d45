import { Box, Text } from 'ink';
import type { Frame } from '../store/state.js';
import { sanitize } from '../model/sanitize.js';
import { color, useTheme } from './theme.js';

export function frameTitle(f: Frame): string {
  if (f.view === 'diff') return `diff(${sanitize(f.diff?.title ?? '')})`;
  const s = f.scope;
  const where = s.deployment
    ? `${s.deployment.namespace}/${s.deployment.name}`
    : s.image
      ? s.image
      : s.namespace ?? (f.view === 'contexts' || f.view === 'namespaces' ? '' : 'all');
  return where ? `${f.view}(${sanitize(where)})` : f.view;
}

/** Where you are (the trail Esc walks back), how many rows, and the active filter and sort. */
export function Breadcrumb({ stack, shown, total, loading, width }: { stack: Frame[]; shown: number; total: number; loading: boolean; width: number }) {
  const theme = useTheme();
  const top = stack[stack.length - 1]!;
  const count =
    top.view === 'diff'
      ? `[${top.diff?.result.hunkStarts.length ?? 0} changes, line ${top.offset + 1}/${top.diff?.result.lines.length ?? 0}]`
      : loading
        ? '[…]'
        : shown === total
          ? `[${total}]`
          : `[${shown}/${total}]`;
  const sort = top.view === 'contexts' || top.view === 'history' || top.view === 'diff' ? '' : ` sort:${top.sortBy}${top.sortDesc ? '↓' : '↑'}`;
  return (
    <Box width={width} height={1} overflow="hidden">
      <Text wrap="truncate-end">
        {stack.map((f, i) => (
          <Text key={i}>
            {i > 0 ? <Text color={color(theme, 'dim')}> › </Text> : null}
            <Text bold={i === stack.length - 1} color={color(theme, i === stack.length - 1 ? 'accent' : 'dim')}>
              {frameTitle(f)}
            </Text>
          </Text>
        ))}
        <Text color={color(theme, 'text')}> {count}</Text>
        {top.filter ? <Text color={color(theme, 'filterMatch')}> /{sanitize(top.filter)}</Text> : null}
        <Text color={color(theme, 'dim')}>{sort}</Text>
      </Text>
    </Box>
  );
}
