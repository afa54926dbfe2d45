import { Box, Text } from 'ink';
import { useKdeckState } from './use-kdeck.js';
import { color, useTheme } from './theme.js';
import { sanitize } from '../model/sanitize.js';
import { summarizeSources } from './source-summary.js';

/** One line: where you are connected and whether the data is live. */
export function Header({ width }: { width: number }) {
  const theme = useTheme();
  const context = useKdeckState((s) => s.context);
  const namespace = useKdeckState((s) => s.namespace);
  const readonly = useKdeckState((s) => s.readonly);
  const sources = useKdeckState((s) => s.sources);
  const conn = summarizeSources(sources);
  const connRole = conn.state === 'live' ? 'ok' : conn.state === 'connecting' || conn.state === 'reconnecting' ? 'warn' : 'bad';
  return (
    <Box width={width} height={1} overflow="hidden">
      <Text wrap="truncate-end">
        <Text bold color={color(theme, 'headerAccent')}>kdeck</Text>
        <Text color={color(theme, 'header')}>
          {' '}ctx:{sanitize(context.name)} ns:{namespace === undefined ? 'all' : sanitize(namespace)}{' '}
        </Text>
        <Text color={color(theme, connRole)} bold={theme.monochrome && connRole !== 'ok'}>
          {conn.text}
        </Text>
        {readonly ? <Text color={color(theme, 'warn')}> [readonly]</Text> : null}
        <Text color={color(theme, 'dim')}> cluster:{sanitize(context.cluster)} user:{sanitize(context.user)}</Text>
      </Text>
    </Box>
  );
}
