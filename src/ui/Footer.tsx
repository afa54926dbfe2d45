import { Box, Text } from 'ink';
import type { InputMode, ScreenKind, Flash } from '../store/state.js';
import { footerItems } from './keymap.js';
import { color, useTheme } from './theme.js';
import { sanitize } from '../model/sanitize.js';

/** The bottom line: the editor when typing, else a message, else the keys that act here. */
export function Footer({ mode, view, input, flash, progress, width }: { mode: InputMode; view: ScreenKind; input: string; flash: Flash | undefined; progress?: string; width: number }) {
  const theme = useTheme();
  if (mode === 'command' || mode === 'filter') {
    const keys = footerItems(mode, view).map((i) => `<${i.key}>${i.label}`).join(' ');
    return (
      <Box width={width} height={1} overflow="hidden">
        <Text wrap="truncate-start" color={color(theme, 'commandBar')}>
          {mode === 'command' ? ':' : '/'}
          {sanitize(input)}
          <Text inverse> </Text>
        </Text>
        <Text color={color(theme, 'dim')} wrap="truncate-end">  {keys}</Text>
      </Box>
    );
  }
  if (flash || progress) {
    const error = flash?.level === 'error';
    return (
      <Box width={width} height={1} overflow="hidden">
        <Text wrap="truncate-end" color={color(theme, error ? 'error' : flash ? 'accent' : 'warn')} bold={theme.monochrome}>
          {sanitize(flash?.text ?? progress ?? '')}
        </Text>
      </Box>
    );
  }
  return (
    <Box width={width} height={1} overflow="hidden">
      <Text wrap="truncate-end">
        {footerItems(mode, view).map((i) => (
          <Text key={i.key + i.label}>
            <Text color={color(theme, 'footerKey')} bold>
              {'<'}
              {i.key}
              {'>'}
            </Text>
            <Text color={color(theme, 'footerText')}>{i.label} </Text>
          </Text>
        ))}
      </Text>
    </Box>
  );
}
