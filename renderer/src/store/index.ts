import { useStore } from 'zustand';
import { api } from '../api';
import { browserPlatform } from '../lib/platform';
import { createActions } from './actions';
import { createAppStore, type AppState } from './app-state';
import { createConnectActions } from './connect-actions';
import { createDemoActions } from './demo-actions';
import { createVerifyActions } from './verify-actions';
import { createOwnCertActions } from './own-certs-actions';
import { createRemoteActions } from './remote-actions';
import { createCaActions } from './ca-actions';

/** The window's one store. */
export const appStore = createAppStore();

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}

export const actions = createActions(api, appStore, browserPlatform);
export const connectActions = createConnectActions(api, appStore);
export const demoActions = createDemoActions(api, appStore);
export const verifyActions = createVerifyActions(api, appStore);
export const ownCertActions = createOwnCertActions(api, appStore, browserPlatform);
export const remoteActions = createRemoteActions(api, appStore, browserPlatform);
export const caActions = createCaActions(api, appStore, browserPlatform);
