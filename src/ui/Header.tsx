import { Box, Text } from 'ink';
import { useKdeckState } from './use-kdeck.js';
import { color, useTheme } from './theme.js';
import { sanitize } from '../model/sanitize.js';
import { summarizeSources } from './source-summary.js';
import { selectTriage } from '../store/triage-selectors.js';
import { displayWidth } from '../model/columns.js';

/** Triage counts, e.g. " crit:2 warn:5"; empty parts are left out. */
export function countsText(critical: number, warning: number): { crit: string; warn: string } {
  return { crit: critical ? ` crit:${critical}` : '', warn: warning ? ` warn:${warning}` : '' };
}

/** Cuts a name to `max` columns with an ellipsis (names are ASCII in practice; wide ones are cut by the Text anyway). */
function cut(text: string, max: number): string {
  return displayWidth(text) <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

/** One line: where you are connected and whether the data is live. */
export function Header({ width }: { width: number }) {
  const theme = useTheme();
  const context = useKdeckState((s) => s.context);
  const namespace = useKdeckState((s) => s.namespace);
  const readonly = useKdeckState((s) => s.readonly);
  const sources = useKdeckState((s) => s.sources);
  const conn = summarizeSources(sources);
  const connRole = conn.state === 'live' ? 'ok' : conn.state === 'connecting' || conn.state === 'reconnecting' ? 'warn' : 'bad';
  // Trouble is visible from every view; the selector is shared with :triage and memoised per clock tick.
  const critical = useKdeckState((s) => selectTriage(s).counts.critical);
  const warning = useKdeckState((s) => selectTriage(s).counts.warning);
  const counts = countsText(critical, warning);
  const ns = namespace === undefined ? 'all' : sanitize(namespace);
  const where = ` cluster:${sanitize(context.cluster)} user:${sanitize(context.user)}`;
  // At 80 columns the least important part goes first: cluster and user, then the context name is shortened.
  const fixed = 'kdeck ctx: ns:'.length + displayWidth(ns) + 2 + displayWidth(conn.text) + (readonly ? ' [readonly]'.length : 0) + counts.crit.length + counts.warn.length;
  const ctxName = sanitize(context.name);
  const showWhere = fixed + displayWidth(ctxName) + displayWidth(where) <= width;
  const ctx = showWhere ? ctxName : cut(ctxName, Math.max(8, width - fixed));
  return (
    <Box width={width} height={1} overflow="hidden">
      <Text wrap="truncate-end">
        <Text bold color={color(theme, 'headerAccent')}>kdeck</Text>
        <Text color={color(theme, 'header')}>
          {' '}ctx:{ctx} ns:{ns}{' '}
        </Text>
        <Text color={color(theme, connRole)} bold={theme.monochrome && connRole !== 'ok'}>
          {conn.text}
        </Text>
        {readonly ? <Text color={color(theme, 'warn')}> [readonly]</Text> : null}
        {counts.crit ? <Text color={color(theme, 'bad')} bold>{counts.crit}</Text> : null}
        {counts.warn ? <Text color={color(theme, 'warn')}>{counts.warn}</Text> : null}
        {showWhere ? <Text color={color(theme, 'dim')}>{where}</Text> : null}
      </Text>
    </Box>
  );
}
