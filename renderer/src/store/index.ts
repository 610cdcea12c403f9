import { useStore } from 'zustand';
import { api } from '../api';
import { browserPlatform } from '../lib/platform';
import { createActions } from './actions';
import { createAppStore, type AppState } from './app-state';

/** The window's one store. */
export const appStore = createAppStore();

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}

export const actions = createActions(api, appStore, browserPlatform);
