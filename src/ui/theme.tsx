import { createContext, useContext } from 'react';
import type { Theme, ThemeRole } from './theme-types.js';
import type { Health } from '../model/health.js';

export const ThemeContext = createContext<Theme | undefined>(undefined);

export function useTheme(): Theme {
  const t = useContext(ThemeContext);
  if (!t) throw new Error('ThemeContext missing');
  return t;
}

/** Colour for a role, or undefined for "terminal default" (also every role in monochrome). */
export function color(theme: Theme, role: ThemeRole): string | undefined {
  return theme.monochrome ? undefined : theme.colors[role] ?? undefined;
}

export function healthRole(h: Health): ThemeRole {
  return h;
}
