import type { Api, Channel, RequestInput } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** An Api whose channels answer as given; the others fail with INTERNAL. `calls` records what was sent, in order. */
export function fakeApi(overrides: Partial<Api>): { api: Api; calls: { channel: Channel; input: unknown }[] } {
  const calls: { channel: Channel; input: unknown }[] = [];
  const missing = () => Promise.resolve({ ok: false as const, error: { code: 'INTERNAL' as const, message: 'not in this test' } });
  const api = new Proxy(overrides, {
    get: (target, key: string) => {
      const handler = (target as Record<string, ((input: unknown) => Promise<unknown>) | undefined>)[key] ?? missing;
      return (input: RequestInput<Channel>) => {
        calls.push({ channel: key as Channel, input });
        return handler(input);
      };
    },
  }) as Api;
  return { api, calls };
}
