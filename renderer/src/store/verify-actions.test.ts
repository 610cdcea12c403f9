import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Api, RequestInput } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';
import type { VerifyResult } from '../../../shared/types/verify';
import { fakeApi, ok } from '../testing/fake-api';
import { goodResult, untrustedClientResult } from '../testing/verify';
import { cert, storeView } from '../testing/views';
import { createAppStore, type AppStore } from './app-state';
import { createVerifyActions, type VerifyActions } from './verify-actions';

type VerifyInput = RequestInput<'certs:verify'>;
const DELAY = 400;

/** A host whose `certs:verify` answers with the next result of the list (Good when the list is empty). */
function verifyingHost(answers: (VerifyResult | Result<VerifyResult>)[] = [], extra: Partial<Api> = {}) {
  const sent: VerifyInput[] = [];
  const { api } = fakeApi({
    'certs:verify': async (input) => {
      sent.push(input);
      const next = answers.shift() ?? goodResult();
      return 'ok' in next ? next : ok(next);
    },
    ...extra,
  });
  return { api, sent };
}

describe('Would this connect?', () => {
  const refused = cert('SCADA Client', 'rejected');
  const other = cert('Historian', 'trusted');
  const server = () => storeView('line3', [refused, other], { role: 'server' });
  const app = storeView('app-own', [], { role: 'client', builtIn: true });
  let store: AppStore;
  let actions: VerifyActions | null = null;

  beforeEach(() => {
    vi.useFakeTimers();
    store = createAppStore();
    store.getState().setStores([app, server()]);
  });

  afterEach(() => {
    actions?.dispose();
    actions = null;
    vi.useRealTimers();
  });

  function start(host: ReturnType<typeof verifyingHost>) {
    actions = createVerifyActions(host.api, store, { recheckDelayMs: DELAY });
    actions.showFor('line3', refused);
    return actions;
  }

  it('a certificate in a server’s rejected folder is checked by that server, as a client’s, on Check only', async () => {
    const host = verifyingHost([untrustedClientResult()]);
    const verify = start(host);
    expect(store.getState()).toMatchObject({ verifyTarget: { storeId: 'line3', file: refused.file, id: refused.id }, verifyForm: { judgeStoreId: 'line3', role: 'client', securityPolicy: 'Basic256Sha256' }, verifyResult: null });
    verify.setForm({ securityPolicy: 'Aes256_Sha256_RsaPss' });
    await vi.advanceTimersByTimeAsync(DELAY * 2);
    expect(host.sent).toEqual([]);

    await verify.check();
    expect(host.sent).toEqual([
      { certificate: { storeId: 'line3', file: refused.file, id: refused.id }, judgeStoreId: 'line3', role: 'client', securityPolicy: 'Aes256_Sha256_RsaPss', applicationUri: 'urn:test:SCADA Client' },
    ]);
    expect(store.getState()).toMatchObject({ verifyRunning: false, verifyChecked: true, verifyResult: { verdict: 'BadCertificateUntrusted' } });
  });

  it('after the first check, changes check again once they settle', async () => {
    const host = verifyingHost();
    const verify = start(host);
    await verify.check();
    verify.setForm({ applicationUri: 'urn:a' });
    verify.setForm({ applicationUri: 'urn:ab' });
    await vi.advanceTimersByTimeAsync(DELAY - 50);
    verify.setForm({ suppress: ['revocationUnknown'] });
    await vi.advanceTimersByTimeAsync(DELAY);
    expect(host.sent).toHaveLength(2);
    expect(host.sent[1]).toMatchObject({ applicationUri: 'urn:ab', suppress: ['revocationUnknown'] });
  });

  it('picking a client’s store as the judge checks the certificate as a server’s', () => {
    const verify = start(verifyingHost());
    verify.setForm({ judgeStoreId: 'app-own' });
    expect(store.getState().verifyForm).toMatchObject({ judgeStoreId: 'app-own', role: 'server' });
  });

  it('after Sync moved the certificate to trusted, checks it again where it is now, with the same settings', async () => {
    const host = verifyingHost([untrustedClientResult(), goodResult()]);
    const verify = start(host);
    verify.setForm({ securityPolicy: 'None' });
    await verify.check();
    const moved = { ...refused, folder: 'trusted' as const, file: 'trusted/certs/SCADA Client.der' };
    store.getState().setStores([app, storeView('line3', [moved, other], { role: 'server' })]);
    // the details pane follows the moved selection
    verify.showFor('line3', moved);
    await vi.advanceTimersByTimeAsync(DELAY);
    expect(host.sent.map((s) => s.certificate.file)).toEqual([refused.file, moved.file]);
    expect(host.sent[1]).toMatchObject({ securityPolicy: 'None' });
    expect(store.getState().verifyResult?.verdict).toBe('Good');
  });

  it('a change in an unrelated store does not check again', async () => {
    const host = verifyingHost();
    const verify = start(host);
    await verify.check();
    store.getState().replaceStore(storeView('elsewhere', [cert('X', 'rejected')]));
    await vi.advanceTimersByTimeAsync(DELAY * 2);
    expect(host.sent).toHaveLength(1);
  });

  it('only the newest answer is shown', async () => {
    let release: (value: Result<VerifyResult>) => void = () => undefined;
    const sent: VerifyInput[] = [];
    const { api } = fakeApi({
      'certs:verify': (input) => {
        sent.push(input);
        if (sent.length === 1) return new Promise((resolve) => (release = resolve));
        return Promise.resolve(ok(goodResult()));
      },
    });
    actions = createVerifyActions(api, store, { recheckDelayMs: DELAY });
    actions.showFor('line3', refused);
    const slow = actions.check();
    await actions.check();
    release(ok(untrustedClientResult()));
    await slow;
    expect(store.getState().verifyResult?.verdict).toBe('Good');
    expect(store.getState().verifyRunning).toBe(false);
  });

  it('another certificate starts over: its defaults, no result, no automatic checks', async () => {
    const host = verifyingHost();
    const verify = start(host);
    verify.setForm({ securityPolicy: 'None' });
    await verify.check();
    verify.showFor('line3', other);
    expect(store.getState()).toMatchObject({ verifyTarget: { id: other.id }, verifyForm: { securityPolicy: 'Basic256Sha256', applicationUri: 'urn:test:Historian' }, verifyResult: null, verifyChecked: false });
    verify.setForm({ securityPolicy: 'None' });
    await vi.advanceTimersByTimeAsync(DELAY * 2);
    expect(host.sent).toHaveLength(1);
  });

  it('a failed request is shown one way, with Retry, and an automatic check failing again does not repeat it', async () => {
    const refusal = { ok: false as const, error: { code: 'CONFLICT' as const, message: 'changed on disk' } };
    const host = verifyingHost([goodResult(), refusal, refusal]);
    const verify = start(host);
    await verify.check();
    verify.setForm({ securityPolicy: 'None' });
    await vi.advanceTimersByTimeAsync(DELAY);
    expect(store.getState().notifications.at(-1)).toMatchObject({ severity: 'error', message: 'Could not check SCADA Client against line3: changed on disk', action: { label: 'Retry' } });
    expect(store.getState().verifyResult).toBeNull();
    const shown = store.getState().notifications.length;
    verify.setForm({ securityPolicy: 'Basic256Sha256' });
    await vi.advanceTimersByTimeAsync(DELAY);
    expect(host.sent).toHaveLength(3);
    expect(store.getState().notifications).toHaveLength(shown);
  });

  it('a first Check that failed does not arm the automatic checks', async () => {
    const host = verifyingHost([{ ok: false, error: { code: 'IO', message: 'EACCES' } }]);
    const verify = start(host);
    await verify.check();
    expect(store.getState()).toMatchObject({ verifyChecked: false, verifyRunning: false, verifyResult: null });
    verify.setForm({ securityPolicy: 'None' });
    store.getState().setStores([app, server()]);
    await vi.advanceTimersByTimeAsync(DELAY * 2);
    expect(host.sent).toHaveLength(1);
  });

  it('asks nothing when the judging store was removed from the list', async () => {
    const host = verifyingHost();
    const verify = start(host);
    store.getState().keepStores(['app-own']);
    await verify.check();
    expect(host.sent).toEqual([]);
  });
});
