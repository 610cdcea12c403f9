import type { StateCreator } from 'zustand';
import type { AppError, ErrorCode } from '../../../shared/ipc/result';
import type { AppState } from './app-state';

export interface Notification {
  id: number;
  severity: 'success' | 'info' | 'warning' | 'error';
  /** What happened. */
  message: string;
  /** What to do about it, when there is something useful to say. */
  hint?: string;
  action?: { label: string; run: () => void };
}

/** What a user can do about each kind of failure. */
const HINTS: Partial<Record<ErrorCode, string>> = {
  NOT_FOUND: 'Sync to re-read the folders, then try again.',
  CONFLICT: 'The files changed on disk meanwhile: Sync to re-read the folders, then try again.',
  OUTSIDE_STORE: 'Only files inside a registered PKI folder can be changed.',
  INVALID_CERT: 'Check that the file is a DER or PEM certificate or CRL.',
  INVALID_INPUT: 'This is a bug in the app; please report it with the message.',
  EXISTS: 'It is already there; nothing was changed.',
  IO: 'Check that the folder exists and that you may write to it.',
  UNAUTHORIZED: 'Open the app again with the link that "uatrust ui" printed.',
  INTERNAL: 'This is a bug in the app; please report it with the message.',
};

export function hintFor(error: AppError): string | undefined {
  return HINTS[error.code];
}

export interface NotificationsSlice {
  notifications: Notification[];
  notify(notification: Omit<Notification, 'id'>): void;
  /** The one way every failure is shown: what we tried, what went wrong, what to do. */
  presentError(what: string, error: AppError, retry?: () => void): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const createNotificationsSlice: StateCreator<AppState, [], [], NotificationsSlice> = (set, get) => ({
  notifications: [],
  // A newer message replaces confirmations ("copied", "synced"); warnings and errors wait their turn.
  notify: (notification) =>
    set((state) => ({
      notifications: [...state.notifications.filter((n) => n.severity === 'error' || n.severity === 'warning'), { ...notification, id: nextId++ }],
    })),
  presentError: (what, error, retry) =>
    get().notify({ severity: 'error', message: `${what}: ${error.message}`, hint: hintFor(error), action: retry ? { label: 'Retry', run: retry } : undefined }),
  dismiss: (id) => set((state) => ({ notifications: state.notifications.filter((n) => n.id !== id) })),
});
