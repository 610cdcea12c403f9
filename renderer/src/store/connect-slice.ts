import type { StateCreator } from 'zustand';
import { CONNECT_STEPS, type ConnectProgress, type ConnectStep, type PeerCertificate, type TestConnectionResult } from '../../../shared/types/connect';
import type { RecentConnection } from '../../../shared/types/demo';
import { EMPTY_FORM, type ConnectForm, type TestInput } from '../lib/connect-request';
import type { AppState } from './app-state';

/** The five steps of a test connection, none started yet. */
export function initialSteps(): ConnectStep[] {
  return CONNECT_STEPS.map((s) => ({ id: s.id, status: 'pending', durationMs: null, detail: null }));
}

/**
 * The steps after a `connect:progress` event, or null when the event belongs to another run.
 * `connect:test` names its run only in its answer, so the first event of a run we started adopts its id.
 */
export function progressInto(steps: readonly ConnectStep[], runId: string | null, event: ConnectProgress): { steps: ConnectStep[]; runId: string } | null {
  if (runId !== null && event.runId !== runId) return null;
  if (!steps.some((s) => s.id === event.step.id)) return null;
  return { runId: event.runId, steps: steps.map((s) => (s.id === event.step.id ? { ...event.step } : s)) };
}

/** The first-connection question: a server certificate our client does not trust yet. */
export interface ServerDecisionRequest {
  certificate: PeerCertificate;
  endpointUrl: string;
}

/** Test connection…: the form, the live steps of the run in flight, and what the last run found. */
export interface ConnectSlice {
  connectOpen: boolean;
  connectForm: ConnectForm;
  connectRunning: boolean;
  connectRunId: string | null;
  connectSteps: ConnectStep[];
  connectResult: TestConnectionResult | null;
  /** What the last run sent, to run it again after a decision on the server certificate (password included, in memory only). */
  lastTestInput: TestInput | null;
  /** The user answered Cancel to the last result's server certificate. */
  serverDeclined: boolean;
  serverDecision: ServerDecisionRequest | null;
  recentConnections: RecentConnection[];
  openConnect(form: ConnectForm): void;
  /** Closes the dialog and forgets the password. */
  closeConnect(): void;
  setConnectForm(patch: Partial<ConnectForm>): void;
  /** Starts a run; with the run id the caller chose, progress of other runs is ignored from the first event. */
  startConnectRun(input: TestInput, runId?: string | null): void;
  applyConnectProgress(event: ConnectProgress): void;
  finishConnectRun(result: TestConnectionResult | null): void;
  askServerDecision(request: ServerDecisionRequest | null): void;
  setServerDeclined(declined: boolean): void;
  setRecentConnections(list: RecentConnection[]): void;
}

export const createConnectSlice: StateCreator<AppState, [], [], ConnectSlice> = (set, get) => ({
  connectOpen: false,
  connectForm: EMPTY_FORM,
  connectRunning: false,
  connectRunId: null,
  connectSteps: initialSteps(),
  connectResult: null,
  lastTestInput: null,
  serverDeclined: false,
  serverDecision: null,
  recentConnections: [],
  openConnect: (form) =>
    set({ connectOpen: true, connectForm: form, connectSteps: initialSteps(), connectResult: null, connectRunId: null, serverDeclined: false, serverDecision: null }),
  closeConnect: () => set((state) => ({ connectOpen: false, serverDecision: null, lastTestInput: null, connectForm: { ...state.connectForm, password: '' } })),
  setConnectForm: (patch) => set((state) => ({ connectForm: { ...state.connectForm, ...patch } })),
  startConnectRun: (input, runId = null) =>
    set({ connectRunning: true, connectRunId: runId, connectSteps: initialSteps(), connectResult: null, lastTestInput: input, serverDeclined: false, serverDecision: null }),
  applyConnectProgress: (event) => {
    const { connectRunning, connectSteps, connectRunId } = get();
    if (!connectRunning) return;
    const next = progressInto(connectSteps, connectRunId, event);
    if (next) set({ connectSteps: next.steps, connectRunId: next.runId });
  },
  finishConnectRun: (result) =>
    set((state) => ({ connectRunning: false, connectResult: result, connectRunId: result?.runId ?? null, connectSteps: result ? result.steps : state.connectSteps.map((s) => (s.status === 'running' ? { ...s, status: 'pending' as const } : s)) })),
  askServerDecision: (serverDecision) => set({ serverDecision }),
  setServerDeclined: (serverDeclined) => set({ serverDeclined }),
  setRecentConnections: (recentConnections) => set({ recentConnections }),
});
