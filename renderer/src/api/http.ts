import type { Api, Channel, EventName, Events } from '../../../shared/ipc/contract';
import { REQUEST_CHANNELS } from '../../../shared/ipc/channels';
import type { AppError, Result } from '../../../shared/ipc/result';

function isResult(body: unknown): body is Result<unknown> {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return false;
  const candidate = body as { ok: unknown; error?: unknown };
  if (candidate.ok === true) return 'value' in candidate;
  return candidate.ok === false && typeof candidate.error === 'object' && candidate.error !== null;
}

function failure(error: AppError): Result<never> {
  return { ok: false, error };
}

/** Sends one request to the browser-mode host: `POST /api/<channel>` with the input as JSON. */
export function sendRequest(channel: Channel, input: unknown, fetchImpl: typeof fetch = fetch): Promise<Response> {
  return fetchImpl(`/api/${channel}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input ?? {}),
  });
}

/** The Result of a sent request, whatever the HTTP status, or a failure that says what to do; never a throw. */
export async function readAnswer(channel: Channel, sent: Promise<Response>): Promise<Result<unknown>> {
  let response: Response;
  try {
    response = await sent;
  } catch (error) {
    return failure({
      code: 'IO',
      message: `The Trust Manager server cannot be reached (${(error as Error)?.message ?? 'network error'}). Is "uatrust ui" still running?`,
    });
  }
  const body: unknown = await response.json().catch(() => null);
  if (isResult(body)) return body;
  if (response.status === 401 || response.status === 403) {
    return failure({ code: 'UNAUTHORIZED', message: 'This browser tab is not signed in to the Trust Manager server. Open the link that "uatrust ui" printed.' });
  }
  return failure({ code: 'INTERNAL', message: `${channel}: the server answered HTTP ${response.status} without a result` });
}

/** One request to the browser-mode host; the answer is a Result whatever the HTTP status. */
export function postRequest(channel: Channel, input: unknown, fetchImpl: typeof fetch = fetch): Promise<Result<unknown>> {
  return readAnswer(channel, sendRequest(channel, input, fetchImpl));
}

/** Answers sent before the Api existed (see early.ts): each one is handed out once, to the first call that asks the same. */
export interface EarlyAnswers {
  take(channel: Channel, input: unknown): Promise<Response> | null;
}

/** The contract's Api over HTTP. */
export function createHttpApi(fetchImpl?: typeof fetch, early?: EarlyAnswers | null): Api {
  const entries = (REQUEST_CHANNELS as readonly Channel[]).map((channel) => [
    channel,
    (input: unknown) => readAnswer(channel, early?.take(channel, input) ?? sendRequest(channel, input, fetchImpl)),
  ]);
  return Object.fromEntries(entries) as Api;
}

type Listener = (payload: unknown) => void;

export type StreamState = 'reconnected' | 'lost';

/**
 * One Server-Sent Events stream (`GET /api/events`) shared by every subscriber; closed when the last one leaves.
 * `onState` hears when the stream came back after a break (events may have been missed) or is gone for good.
 */
export function createEventStream(url = '/api/events', adopted: EventSource | null = null) {
  let source: EventSource | null = null;
  /** A stream opened before this one existed (early.ts), taken by the first open if it is still alive. */
  let spare = adopted;
  let broken = false;
  const listeners = new Map<string, Set<Listener>>();
  const dispatchers = new Map<string, (event: MessageEvent) => void>();
  const stateListeners = new Set<(state: StreamState) => void>();
  let markConnected = () => {};
  const connected = new Promise<void>((resolve) => (markConnected = resolve));

  function attach(name: string) {
    if (!source || dispatchers.has(name)) return;
    const dispatch = (event: MessageEvent) => {
      let payload: unknown;
      try {
        payload = JSON.parse(String(event.data));
      } catch {
        return;
      }
      for (const listener of listeners.get(name) ?? []) listener(payload);
    };
    dispatchers.set(name, dispatch);
    source.addEventListener(name, dispatch as EventListener);
  }

  function open() {
    const current = spare && spare.readyState !== spare.CLOSED ? spare : new EventSource(url);
    spare = null;
    source = current;
    broken = false;
    if (current.readyState === current.OPEN) markConnected();
    current.addEventListener('open', () => {
      markConnected();
      if (!broken) return;
      broken = false;
      for (const listener of stateListeners) listener('reconnected');
    });
    current.addEventListener('error', () => {
      broken = true;
      // CLOSED means the browser gave up (e.g. the server restarted with a new token); CONNECTING retries by itself.
      if (current.readyState === EventSource.CLOSED) for (const listener of stateListeners) listener('lost');
    });
    for (const name of listeners.keys()) attach(name);
  }

  function subscribe<E extends EventName>(event: E, callback: (payload: Events[E]) => void): () => void {
    if (!source) open();
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(callback as Listener);
    attach(event);
    return () => {
      set.delete(callback as Listener);
      if ([...listeners.values()].every((s) => s.size === 0) && source) {
        source.close();
        source = null;
        dispatchers.clear();
      }
    };
  }

  function onState(callback: (state: StreamState) => void): () => void {
    stateListeners.add(callback);
    return () => stateListeners.delete(callback);
  }

  /** Resolves once the stream is open: what is read after that cannot miss a change. */
  function whenConnected(): Promise<void> {
    return connected;
  }

  return { subscribe, onState, whenConnected };
}
