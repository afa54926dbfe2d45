import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { KdeckState } from '../store/state.js';
import type { Session } from '../commands/session.js';
import type { ViewRows } from '../store/selectors.js';

export interface UiContext {
  session: Session;
  rowsOf: (s: KdeckState) => ViewRows;
}

export const KdeckContext = createContext<UiContext | undefined>(undefined);

export function useKdeck(): UiContext {
  const c = useContext(KdeckContext);
  if (!c) throw new Error('KdeckContext missing');
  return c;
}

export function useKdeckState<T>(select: (s: KdeckState) => T): T {
  const { session } = useKdeck();
  return useStore(session.store, select);
}
