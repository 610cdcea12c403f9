/**
 * The only place the renderer talks to its host: the Electron preload bridge when present,
 * otherwise the browser-mode server (fetch + Server-Sent Events, same origin, cookie auth).
 */
import type { Api, EventName, Events } from '../../../shared/ipc/contract';
import { findBridge } from './bridge';
import { createEventStream, createHttpApi } from './http';

const bridge = findBridge();

export const api: Api = bridge ? bridge.requests : createHttpApi();

const subscribeOverHttp = bridge ? null : createEventStream();

/** Listens to a host event; returns the function that stops listening. */
export function subscribe<E extends EventName>(event: E, callback: (payload: Events[E]) => void): () => void {
  if (bridge) return bridge.on(event, callback);
  return subscribeOverHttp!(event, callback);
}

export const hostMode: 'electron' | 'browser' = bridge ? 'electron' : 'browser';
