import { Box, Text } from 'ink';
import type { Frame } from '../store/state.js';
import { sanitize } from '../model/sanitize.js';
import { color, useTheme } from './theme.js';
import { logPane } from '../commands/log-pane.js';

export function frameTitle(f: Frame): string {
  if (f.view === 'diff') return f.diff?.kind === 'text' ? sanitize(f.diff.title) : `diff(${sanitize(f.diff?.title ?? '')})`;
  if (f.view === 'dockerContainers') return 'containers(docker)';
  if (f.view === 'logs') return `logs(${sanitize(logPane(f.logId)?.title ?? 'closed')})`;
  if (f.view === 'containers') return `containers(${sanitize(f.pod ? `${f.pod.namespace}/${f.pod.name}` : '')})`;
  const s = f.scope;
  const where = s.deployment
    ? `${s.deployment.namespace}/${s.deployment.name}`
    : s.image
      ? s.image
      : s.namespace ?? (f.view === 'contexts' || f.view === 'namespaces' ? '' : 'all');
  return where ? `${f.view}(${sanitize(where)})` : f.view;
}

/** Where you are (the trail Esc walks back), how many rows, and the active filter and sort. */
export function Breadcrumb({ stack, shown, total, loading, width, status, note }: { stack: Frame[]; shown: number; total: number; loading: boolean; width: number; status?: string; note?: string }) {
  const theme = useTheme();
  const top = stack[stack.length - 1]!;
  const count = status
    ? status
    : top.view === 'diff'
      ? top.diff?.kind === 'text'
        ? `[line ${top.offset + 1}/${top.diff.result.lines.length}]`
        : `[${top.diff?.result.hunkStarts.length ?? 0} changes, line ${top.offset + 1}/${top.diff?.result.lines.length ?? 0}]`
      : loading
        ? '[…]'
        : shown === total
          ? `[${total}]`
          : `[${shown}/${total}]`;
  // Triage has one order (severity, then newest first) and says nothing about sorting.
  const sort = ['contexts', 'history', 'diff', 'logs', 'containers', 'triage'].includes(top.view) ? '' : ` sort:${top.sortBy}${top.sortDesc ? '↓' : '↑'}`;
  // On a narrow screen the trail gives way to what the current screen says about itself.
  const titles = stack.map(frameTitle);
  const full = titles.join(' › ').length + count.length + sort.length + 1;
  const shownFrom = full > width && stack.length > 1 ? stack.length - 1 : 0;
  return (
    <Box width={width} height={1} overflow="hidden">
      <Text wrap="truncate-end">
        {shownFrom > 0 ? <Text color={color(theme, 'dim')}>… › </Text> : null}
        {titles.slice(shownFrom).map((title, j) => {
          const i = j + shownFrom;
          const last = i === stack.length - 1;
          return (
            <Text key={i}>
              {j > 0 ? <Text color={color(theme, 'dim')}> › </Text> : null}
              <Text bold={last} color={color(theme, last ? 'accent' : 'dim')}>
                {title}
              </Text>
            </Text>
          );
        })}
        <Text color={color(theme, 'text')}> {count}</Text>
        {top.filter ? <Text color={color(theme, 'filterMatch')}> /{sanitize(top.filter)}</Text> : null}
        {top.logView?.search ? <Text color={color(theme, 'filterMatch')}> /{sanitize(top.logView.search)}</Text> : null}
        <Text color={color(theme, 'dim')}>{sort}</Text>
        {note ? <Text color={color(theme, 'warn')}> {sanitize(note)}</Text> : null}
      </Text>
    </Box>
  );
}
