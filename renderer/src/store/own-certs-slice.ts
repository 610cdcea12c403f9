import type { StateCreator } from 'zustand';
import type { OwnCertProgress, OwnCertView } from '../../../shared/types/own-certs';
import type { AppSettings } from '../../../shared/types/settings';
import type { AppState } from './app-state';

/** A generate or regenerate the window is waiting for, with the last step the host reported. */
export interface OwnCertRun {
  runId: string;
  /** Id of the certificate being regenerated; null while generating a new one. */
  id: string | null;
  step: OwnCertProgress | null;
}

/** The Own certificates view: the app's own certificates as the host last reported them. */
export interface OwnCertsSlice {
  ownCertsOpen: boolean;
  ownCerts: OwnCertView[];
  ownCertsLoaded: boolean;
  /** A request about own certificates is in flight (one at a time). */
  ownBusy: boolean;
  ownRun: OwnCertRun | null;
  /** The certificate shown in the Details drawer. */
  ownDetailsId: string | null;
  /** The app's settings (the expiring-soon threshold is edited in this view); null until read. */
  appSettings: AppSettings | null;
  setAppSettings(settings: AppSettings): void;
  setOwnCertsOpen(open: boolean): void;
  setOwnCerts(certificates: OwnCertView[]): void;
  setOwnBusy(busy: boolean): void;
  setOwnRun(run: OwnCertRun | null): void;
  /** Takes a progress step, only for the run this window started. */
  setOwnRunStep(runId: string, step: OwnCertProgress): void;
  showOwnDetails(id: string | null): void;
}

export const createOwnCertsSlice: StateCreator<AppState, [], [], OwnCertsSlice> = (set, get) => ({
  ownCertsOpen: false,
  ownCerts: [],
  ownCertsLoaded: false,
  ownBusy: false,
  ownRun: null,
  ownDetailsId: null,
  appSettings: null,
  setAppSettings: (appSettings) => set({ appSettings }),
  setOwnCertsOpen: (ownCertsOpen) => set(ownCertsOpen ? { ownCertsOpen } : { ownCertsOpen, ownDetailsId: null }),
  setOwnCerts: (ownCerts) =>
    set((state) => ({
      ownCerts,
      ownCertsLoaded: true,
      // A drawer on a certificate that is gone closes.
      ownDetailsId: state.ownDetailsId && ownCerts.some((c) => c.id === state.ownDetailsId) ? state.ownDetailsId : null,
    })),
  setOwnBusy: (ownBusy) => set({ ownBusy }),
  setOwnRun: (ownRun) => set({ ownRun }),
  setOwnRunStep: (runId, step) => {
    const run = get().ownRun;
    if (run?.runId === runId) set({ ownRun: { ...run, step } });
  },
  showOwnDetails: (ownDetailsId) => set({ ownDetailsId }),
});
