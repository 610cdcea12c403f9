import type { StateCreator } from 'zustand';
import type { CaStoreDeployResult, LocalCaView } from '../../../shared/types/local-ca';
import type { AppState } from './app-state';

/** The Local CA view: the app's CA as the host last reported it, and the last deploy's report. */
export interface CaSlice {
  caOpen: boolean;
  /** Null until `ca:get` answered; `info` null inside it: no CA created yet. */
  ca: LocalCaView | null;
  /** A request about the CA is in flight (one at a time: key generation takes seconds). */
  caBusy: boolean;
  /** The per-store report of the last Deploy, shown until closed. */
  caDeployReport: CaStoreDeployResult[] | null;
  setCaOpen(open: boolean): void;
  setCa(ca: LocalCaView): void;
  setCaBusy(busy: boolean): void;
  setCaDeployReport(report: CaStoreDeployResult[] | null): void;
}

export const createCaSlice: StateCreator<AppState, [], [], CaSlice> = (set) => ({
  caOpen: false,
  ca: null,
  caBusy: false,
  caDeployReport: null,
  setCaOpen: (caOpen) => set(caOpen ? { caOpen } : { caOpen, caDeployReport: null }),
  setCa: (ca) => set({ ca }),
  setCaBusy: (caBusy) => set({ caBusy }),
  setCaDeployReport: (caDeployReport) => set({ caDeployReport }),
});
