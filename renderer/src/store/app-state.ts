import { createStore, type StoreApi } from 'zustand/vanilla';
import { createChangesSlice, type ChangesSlice } from './changes-slice';
import { createConnectSlice, type ConnectSlice } from './connect-slice';
import { createDemoSlice, type DemoSlice } from './demo-slice';
import { createOwnCertsSlice, type OwnCertsSlice } from './own-certs-slice';
import { createRemoteSlice, type RemoteSlice } from './remote-slice';
import { createCaSlice, type CaSlice } from './ca-slice';
import { createNotificationsSlice, type NotificationsSlice } from './notifications-slice';
import { createSelectionSlice, type SelectionSlice } from './selection-slice';
import { createStoresSlice, type StoresSlice } from './stores-slice';
import { createUiSlice, type UiSlice } from './ui-slice';
import { createVerifySlice, type VerifySlice } from './verify-slice';

export type AppState = StoresSlice & ChangesSlice & SelectionSlice & UiSlice & NotificationsSlice & ConnectSlice & DemoSlice & VerifySlice & OwnCertsSlice & RemoteSlice & CaSlice;
export type AppStore = StoreApi<AppState>;

/** A fresh store (one for the window; one per test). */
export function createAppStore(): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createStoresSlice(...a),
    ...createChangesSlice(...a),
    ...createSelectionSlice(...a),
    ...createUiSlice(...a),
    ...createNotificationsSlice(...a),
    ...createConnectSlice(...a),
    ...createDemoSlice(...a),
    ...createVerifySlice(...a),
    ...createOwnCertsSlice(...a),
    ...createRemoteSlice(...a),
    ...createCaSlice(...a),
  }));
}
