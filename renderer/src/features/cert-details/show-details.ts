import { appStore } from '../../store';

export const DETAILS_PANE_ID = 'details-pane';

/** "Details": selects the node and moves focus to the details pane. */
export function showDetails(key: string): void {
  const state = appStore.getState();
  if (!state.selected.includes(key) || state.selected.length > 1) state.select(key);
  requestAnimationFrame(() => document.getElementById(DETAILS_PANE_ID)?.focus());
}
