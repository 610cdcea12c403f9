import type { StateCreator } from 'zustand';
import type { DemoServerStatus } from '../../../shared/types/demo';
import type { AppState } from './app-state';

/** The embedded demo server, as the host last reported it (`demo:*` answers and `demo:status` events). */
export interface DemoSlice {
  demo: DemoServerStatus | null;
  /** A Start, Stop or configuration request is in flight. */
  demoBusy: boolean;
  setDemo(status: DemoServerStatus): void;
  setDemoBusy(busy: boolean): void;
}

export const createDemoSlice: StateCreator<AppState, [], [], DemoSlice> = (set) => ({
  demo: null,
  demoBusy: false,
  setDemo: (demo) => set({ demo }),
  setDemoBusy: (demoBusy) => set({ demoBusy }),
});
