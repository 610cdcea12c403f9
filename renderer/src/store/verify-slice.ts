import type { StateCreator } from 'zustand';
import type { VerifyResult } from '../../../shared/types/verify';
import type { VerifyForm, VerifyTarget } from '../lib/verify-request';
import type { AppState } from './app-state';

/** The two faces of a certificate's details. */
export type DetailsTab = 'certificate' | 'verify';

/** "Would this connect?": the certificate it is about, the form, and what the last check found. */
export interface VerifySlice {
  /** Stays as chosen while the user walks from one certificate to the next. */
  detailsTab: DetailsTab;
  verifyTarget: VerifyTarget | null;
  verifyForm: VerifyForm | null;
  verifyResult: VerifyResult | null;
  verifyRunning: boolean;
  /** The user pressed Check for this certificate: from then on every change checks again by itself. */
  verifyChecked: boolean;
  setDetailsTab(tab: DetailsTab): void;
  /** Another certificate: its default form, nothing checked yet. */
  startVerifyFor(target: VerifyTarget, form: VerifyForm): void;
  /** The same certificate at another place (Sync moved it): the form and the result stay. */
  moveVerifyTarget(target: VerifyTarget): void;
  setVerifyForm(patch: Partial<VerifyForm>): void;
  setVerifyRunning(running: boolean): void;
  /** The answer of a check; null when the request failed. */
  finishVerify(result: VerifyResult | null): void;
}

export const createVerifySlice: StateCreator<AppState, [], [], VerifySlice> = (set) => ({
  detailsTab: 'certificate',
  verifyTarget: null,
  verifyForm: null,
  verifyResult: null,
  verifyRunning: false,
  verifyChecked: false,
  setDetailsTab: (detailsTab) => set({ detailsTab }),
  startVerifyFor: (verifyTarget, verifyForm) => set({ verifyTarget, verifyForm, verifyResult: null, verifyRunning: false, verifyChecked: false }),
  moveVerifyTarget: (verifyTarget) => set({ verifyTarget }),
  setVerifyForm: (patch) => set((state) => (state.verifyForm ? { verifyForm: { ...state.verifyForm, ...patch } } : {})),
  setVerifyRunning: (verifyRunning) => set({ verifyRunning }),
  // A failed request does not arm the automatic checks: they would only fail again.
  finishVerify: (verifyResult) => set((state) => ({ verifyResult, verifyRunning: false, verifyChecked: state.verifyChecked || verifyResult !== null })),
});
