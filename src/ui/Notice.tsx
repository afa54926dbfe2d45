import { Box, Text } from 'ink';
import { sanitize } from '../model/sanitize.js';
import { color, useTheme } from './theme.js';

/** One warning line above a pane, e.g. that the deployment it shows was deleted. */
export function Notice({ text, width }: { text: string; width: number }) {
  const theme = useTheme();
  return (
    <Box width={width} height={1} flexShrink={0} overflow="hidden">
      <Text wrap="truncate-end" color={color(theme, 'warn')} bold={theme.monochrome}>
        {sanitize(text)}
      </Text>
    </Box>
  );
}
