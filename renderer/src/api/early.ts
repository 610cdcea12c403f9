/**
 * Browser mode: the first reads leave while the window's code is still loading. This module is
 * the entry chunk's (main.tsx); React, MUI and the app come in a second chunk, loaded after it. So
 * the event stream opens, and once it is open (a list read after it cannot miss a change, as
 * whenEventsConnected promises) the first paint's requests go out, while that chunk is fetched and
 * evaluated (about 0.3 s here) instead of after. The Api hands each answer to the first call that
 * asks the same, and the event stream takes over this EventSource. In Electron (a preload bridge)
 * it does nothing.
 */
import type { Channel } from '../../../shared/ipc/contract';
import { findBridge } from './bridge';
import { sendRequest, type EarlyAnswers } from './http';

/** What the window reads first (app.tsx: loadAll, the demo server's status, the recent connections), each with no input. */
export const EARLY_CHANNELS: readonly Channel[] = ['app:get-info', 'stores:list', 'demo:get-status', 'connect:list-recent'];

/** As long as whenEventsConnected waits for the stream before reading anyway. */
const STREAM_WAIT_MS = 2_000;

export interface EarlyStart extends EarlyAnswers {
  /** The event stream, open or opening. */
  source: EventSource;
}

export function startEarly(url = '/api/events', send: (channel: Channel) => Promise<Response> = (channel) => sendRequest(channel, {})): EarlyStart {
  const source = new EventSource(url);
  const flowing = new Promise<void>((resolve) => {
    source.addEventListener('open', () => resolve(), { once: true });
    // A stream that fails still lets the reads go: they report their own failures.
    source.addEventListener('error', () => resolve(), { once: true });
    setTimeout(resolve, STREAM_WAIT_MS);
  });
  const answers = new Map<Channel, Promise<Response>>();
  for (const channel of EARLY_CHANNELS) {
    const answer = flowing.then(() => send(channel));
    answer.catch(() => undefined); // read (and reported) by the call that takes it
    answers.set(channel, answer);
  }
  return { source, ...answersOnce(answers) };
}

/** Hands each answer out once, to a call of its channel with no input. */
export function answersOnce(answers: Map<Channel, Promise<Response>>): EarlyAnswers {
  return {
    take(channel, input) {
      const answer = answers.get(channel);
      if (!answer || JSON.stringify(input ?? {}) !== '{}') return null;
      answers.delete(channel);
      return answer;
    },
  };
}

export const early: EarlyStart | null = typeof window !== 'undefined' && typeof EventSource !== 'undefined' && !findBridge() ? startEarly() : null;
