import type { Api, Channel, EventName, Events } from '../../../shared/ipc/contract';
import type { AppError, Result } from '../../../shared/ipc/result';

/** Every channel of the contract; typed so that a channel added there must be added here. */
const CHANNEL_NAMES: Record<Channel, true> = {
  'app:get-info': true,
  'stores:list': true,
  'stores:detect': true,
  'stores:add': true,
  'stores:remove': true,
  'changes:sync': true,
  'certs:export': true,
  'certs:import': true,
};

function isResult(body: unknown): body is Result<unknown> {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return false;
  const candidate = body as { ok: unknown; error?: unknown };
  if (candidate.ok === true) return 'value' in candidate;
  return candidate.ok === false && typeof candidate.error === 'object' && candidate.error !== null;
}

function failure(error: AppError): Result<never> {
  return { ok: false, error };
}

/** One request to the browser-mode host: `POST /api/<channel>`, the answer is a Result whatever the HTTP status. */
export async function postRequest(channel: Channel, input: unknown, fetchImpl: typeof fetch = fetch): Promise<Result<unknown>> {
  let response: Response;
  try {
    response = await fetchImpl(`/api/${channel}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input ?? {}),
    });
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

/** The contract's Api over HTTP. */
export function createHttpApi(fetchImpl?: typeof fetch): Api {
  const entries = (Object.keys(CHANNEL_NAMES) as Channel[]).map((channel) => [
    channel,
    (input: unknown) => postRequest(channel, input, fetchImpl),
  ]);
  return Object.fromEntries(entries) as Api;
}

type Listener = (payload: unknown) => void;

/** One Server-Sent Events stream (`GET /api/events`) shared by every subscriber; closed when the last one leaves. */
export function createEventStream(url = '/api/events') {
  let source: EventSource | null = null;
  const listeners = new Map<string, Set<Listener>>();
  const dispatchers = new Map<string, (event: MessageEvent) => void>();

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

  return function subscribe<E extends EventName>(event: E, callback: (payload: Events[E]) => void): () => void {
    if (!source) {
      source = new EventSource(url);
      for (const name of listeners.keys()) attach(name);
    }
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
  };
}
