import { Box, Text } from 'ink';
import type { Dialog as DialogState } from '../store/state.js';
import { footerItems } from './keymap.js';
import { sanitize } from '../model/sanitize.js';
import { color, useTheme } from './theme.js';

/** Lines the dialog takes at the bottom of the screen. */
export function dialogHeight(d: DialogState | undefined): number {
  if (!d) return 0;
  return d.kind === 'prompt' ? (d.error ? 2 : 1) : 1 + d.lines.length + 1;
}

/** The scale prompt or a y/n confirmation, in place of the footer. */
export function Dialog({ dialog, busy, width }: { dialog: DialogState; busy: boolean; width: number }) {
  const theme = useTheme();
  const keys = footerItems(dialog.kind === 'prompt' ? 'prompt' : 'confirm', 'deployments')
    .map((k) => `<${k.key}>${k.label}`)
    .join(' ');
  if (dialog.kind === 'prompt') {
    return (
      <Box flexDirection="column" width={width} height={dialogHeight(dialog)}>
        {dialog.error ? (
          <Text color={color(theme, 'error')} bold={theme.monochrome} wrap="truncate-end">
            {dialog.error}
          </Text>
        ) : null}
        <Text wrap="truncate-end">
          <Text color={color(theme, 'commandBar')}>{sanitize(dialog.title)} </Text>
          <Text bold>{sanitize(dialog.input)}</Text>
          <Text inverse> </Text>
          <Text color={color(theme, 'dim')}>  {keys}</Text>
        </Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={width} height={dialogHeight(dialog)}>
      <Text bold color={color(theme, 'warn')} wrap="truncate-end">
        {sanitize(dialog.title)}
      </Text>
      {dialog.lines.map((l, i) => (
        <Text key={i} wrap="truncate-end">
          {'  '}
          {sanitize(l)}
        </Text>
      ))}
      <Text color={busy ? color(theme, 'dim') : color(theme, 'footerKey')} wrap="truncate-end">
        {busy ? 'working…' : keys}
      </Text>
    </Box>
  );
}
