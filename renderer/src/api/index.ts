/**
 * The only place the renderer talks to its host: the Electron preload bridge when present,
 * otherwise the browser-mode server (fetch + Server-Sent Events, same origin, cookie auth).
 */
import type { Api, EventName, Events } from '../../../shared/ipc/contract';
import { findBridge } from './bridge';
import { early } from './early';
import { createEventStream, createHttpApi, type StreamState } from './http';

const bridge = findBridge();

/** IPC rejects when a handler throws or the sender is refused: that becomes a Result too, never a throw. */
function resultsOnly(requests: Api): Api {
  const wrapped = Object.entries(requests).map(([channel, call]) => [
    channel,
    (input: unknown) =>
      (call as (input: unknown) => Promise<unknown>)(input).catch((error: unknown) => ({
        ok: false,
        error: { code: 'INTERNAL', message: `${channel}: ${(error as Error)?.message ?? String(error)}` },
      })),
  ]);
  return Object.fromEntries(wrapped) as Api;
}

export const api: Api = bridge ? resultsOnly(bridge.requests) : createHttpApi(undefined, early);

const eventStream = bridge ? null : createEventStream(undefined, early?.source);

/** Listens to a host event; returns the function that stops listening. */
export function subscribe<E extends EventName>(event: E, callback: (payload: Events[E]) => void): () => void {
  if (bridge) return bridge.on(event, callback);
  return eventStream!.subscribe(event, callback);
}

/** Browser mode only: the event stream came back after a break, or is lost for good. Electron's IPC never breaks. */
export function onEventStreamState(callback: (state: StreamState) => void): () => void {
  return eventStream ? eventStream.onState(callback) : () => undefined;
}

/**
 * Resolves once host events flow (at most `timeoutMs` later): the store list read after it
 * cannot miss a change that happened in between.
 */
export function whenEventsConnected(timeoutMs = 2_000): Promise<void> {
  if (!eventStream) return Promise.resolve();
  return Promise.race([eventStream.whenConnected(), new Promise<void>((resolve) => setTimeout(resolve, timeoutMs))]);
}
