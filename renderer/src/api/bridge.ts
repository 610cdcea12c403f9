import type { Api, EventName, Events } from '../../../shared/ipc/contract';

/** What Electron's preload exposes: one named function per channel, and typed events. */
export interface PreloadBridge {
  requests: Api;
  on<E extends EventName>(event: E, callback: (payload: Events[E]) => void): () => void;
}

declare global {
  interface Window {
    uatrust?: PreloadBridge;
  }
}

/** The preload bridge when running inside Electron, otherwise null (browser mode). */
export function findBridge(): PreloadBridge | null {
  const bridge = typeof window === 'undefined' ? undefined : window.uatrust;
  return bridge && typeof bridge.on === 'function' && bridge.requests ? bridge : null;
}
