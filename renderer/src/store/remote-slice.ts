import type { StateCreator } from 'zustand';
import type { FleetPushOutcome, FleetRow, RemoteProgress, RenewOutcome } from '../../../shared/types/remote';
import type { AppState } from './app-state';
import type { ServerDecisionRequest } from './connect-slice';
import type { RemoteProblem } from './remote-problem';

/** A fleet push or a renewal this window started: the last step each server reported. */
export interface RemoteRun {
  runId: string;
  /** By store id. */
  progress: Record<string, RemoteProgress>;
}

/** A renewal in the Renew dialog: running, or what it gave. */
export interface RenewState {
  storeId: string;
  run: RemoteRun | null;
  outcome: RenewOutcome | null;
  problem: RemoteProblem | null;
}

/** Remote servers (Part 12 push): the Add dialog, the Set password and Renew dialogs, and the fleet view. */
export interface RemoteSlice {
  addRemoteOpen: boolean;
  /** A `remote:add` is in flight. */
  addRemoteBusy: boolean;
  /** Why the last add failed, shown in the dialog itself. */
  addRemoteProblem: RemoteProblem | null;
  /** The server presented a certificate the app does not trust yet: the user decides, then the add runs again. */
  remoteDecision: ServerDecisionRequest | null;
  /** Store whose Set password dialog is open. */
  remotePasswordFor: string | null;
  /** Stores being re-read from their server. */
  remoteRefreshing: string[];
  renew: RenewState | null;
  fleetOpen: boolean;
  fleetRows: FleetRow[];
  fleetLoaded: boolean;
  fleetSelected: string[];
  fleetRun: RemoteRun | null;
  fleetOutcome: FleetPushOutcome | null;
  setAddRemoteOpen(open: boolean): void;
  setAddRemoteBusy(busy: boolean): void;
  setAddRemoteProblem(problem: RemoteProblem | null): void;
  askRemoteDecision(request: ServerDecisionRequest | null): void;
  setRemotePasswordFor(storeId: string | null): void;
  setRemoteRefreshing(storeId: string, refreshing: boolean): void;
  setRenew(renew: RenewState | null): void;
  setFleetOpen(open: boolean): void;
  setFleetRows(rows: FleetRow[]): void;
  setFleetSelected(storeIds: string[]): void;
  setFleetRun(run: RemoteRun | null): void;
  setFleetOutcome(outcome: FleetPushOutcome | null): void;
  /** Takes a `remote:progress` event, only for a run this window started. */
  applyRemoteProgress(event: RemoteProgress): void;
}

function withProgress(run: RemoteRun | null, event: RemoteProgress): RemoteRun | null {
  if (!run || run.runId !== event.runId) return null;
  return { ...run, progress: { ...run.progress, [event.storeId]: event } };
}

export const createRemoteSlice: StateCreator<AppState, [], [], RemoteSlice> = (set, get) => ({
  addRemoteOpen: false,
  addRemoteBusy: false,
  addRemoteProblem: null,
  remoteDecision: null,
  remotePasswordFor: null,
  remoteRefreshing: [],
  renew: null,
  fleetOpen: false,
  fleetRows: [],
  fleetLoaded: false,
  fleetSelected: [],
  fleetRun: null,
  fleetOutcome: null,
  setAddRemoteOpen: (addRemoteOpen) => set(addRemoteOpen ? { addRemoteOpen, addRemoteProblem: null } : { addRemoteOpen, addRemoteProblem: null, remoteDecision: null }),
  setAddRemoteBusy: (addRemoteBusy) => set({ addRemoteBusy }),
  setAddRemoteProblem: (addRemoteProblem) => set({ addRemoteProblem }),
  askRemoteDecision: (remoteDecision) => set({ remoteDecision }),
  setRemotePasswordFor: (remotePasswordFor) => set({ remotePasswordFor }),
  setRemoteRefreshing: (storeId, refreshing) =>
    set((state) => ({ remoteRefreshing: refreshing ? [...state.remoteRefreshing.filter((id) => id !== storeId), storeId] : state.remoteRefreshing.filter((id) => id !== storeId) })),
  setRenew: (renew) => set({ renew }),
  setFleetOpen: (fleetOpen) => set(fleetOpen ? { fleetOpen } : { fleetOpen, fleetOutcome: null }),
  setFleetRows: (fleetRows) =>
    set((state) => ({
      fleetRows,
      fleetLoaded: true,
      // A server removed meanwhile leaves the selection.
      fleetSelected: state.fleetSelected.filter((id) => fleetRows.some((r) => r.storeId === id)),
    })),
  setFleetSelected: (fleetSelected) => set({ fleetSelected }),
  setFleetRun: (fleetRun) => set({ fleetRun }),
  setFleetOutcome: (fleetOutcome) => set({ fleetOutcome }),
  applyRemoteProgress: (event) => {
    const { fleetRun, renew } = get();
    const fleet = withProgress(fleetRun, event);
    if (fleet) {
      set({ fleetRun: fleet });
      return;
    }
    const renewRun = withProgress(renew?.run ?? null, event);
    if (renew && renewRun) set({ renew: { ...renew, run: renewRun } });
  },
});
