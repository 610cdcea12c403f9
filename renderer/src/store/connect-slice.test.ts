import { beforeEach, describe, expect, it } from 'vitest';
import type { ConnectProgress } from '../../../shared/types/connect';
import { connectResult } from '../testing/connect';
import { EMPTY_FORM } from '../lib/connect-request';
import { createAppStore, type AppStore } from './app-state';
import { initialSteps, progressInto } from './connect-slice';

const progress = (runId: string, id: ConnectProgress['step']['id'], status: ConnectProgress['step']['status'], durationMs: number | null = null): ConnectProgress => ({
  runId,
  step: { id, status, durationMs, detail: status === 'ok' ? 'done' : null },
});

describe('the live steps of a test connection', () => {
  it('starts with the five steps waiting, in order', () => {
    expect(initialSteps().map((s) => [s.id, s.status])).toEqual([
      ['get-endpoints', 'pending'],
      ['server-certificate', 'pending'],
      ['secure-channel', 'pending'],
      ['session', 'pending'],
      ['read-status', 'pending'],
    ]);
  });

  it('adopts the run of the first event, then ignores other runs', () => {
    const first = progressInto(initialSteps(), null, progress('a', 'get-endpoints', 'running'))!;
    expect(first.runId).toBe('a');
    expect(first.steps[0]).toMatchObject({ status: 'running' });
    expect(progressInto(first.steps, 'a', progress('b', 'get-endpoints', 'failed'))).toBeNull();
    const done = progressInto(first.steps, 'a', progress('a', 'get-endpoints', 'ok', 31))!;
    expect(done.steps[0]).toEqual({ id: 'get-endpoints', status: 'ok', durationMs: 31, detail: 'done' });
  });

  describe('in the store', () => {
    let store: AppStore;
    beforeEach(() => {
      store = createAppStore();
    });

    it('follows progress only while a run is in flight, and the answer replaces the steps', () => {
      store.getState().applyConnectProgress(progress('stale', 'get-endpoints', 'running'));
      expect(store.getState().connectSteps[0]!.status).toBe('pending');
      store.getState().startConnectRun({ endpointUrl: 'opc.tcp://x:1' });
      store.getState().applyConnectProgress(progress('r1', 'get-endpoints', 'ok', 5));
      store.getState().applyConnectProgress(progress('r1', 'server-certificate', 'running'));
      expect(store.getState().connectSteps.map((s) => s.status)).toEqual(['ok', 'running', 'pending', 'pending', 'pending']);
      const result = connectResult({ runId: 'r1' });
      store.getState().finishConnectRun(result);
      expect(store.getState()).toMatchObject({ connectRunning: false, connectResult: result, connectSteps: result.steps, connectRunId: 'r1' });
    });

    it("ignores another window's run from the first event when it chose its own run id", () => {
      store.getState().startConnectRun({ endpointUrl: 'opc.tcp://x:1' }, 'mine');
      store.getState().applyConnectProgress(progress('theirs', 'get-endpoints', 'failed'));
      store.getState().applyConnectProgress(progress('mine', 'get-endpoints', 'ok', 3));
      expect(store.getState().connectSteps[0]!.status).toBe('ok');
    });

    it('clears the spinner when the request itself failed', () => {
      store.getState().startConnectRun({ endpointUrl: 'opc.tcp://x:1' });
      store.getState().applyConnectProgress(progress('r1', 'get-endpoints', 'running'));
      store.getState().finishConnectRun(null);
      expect(store.getState().connectSteps.some((s) => s.status === 'running')).toBe(false);
      expect(store.getState().connectRunning).toBe(false);
    });

    it('forgets the password and the last request when the dialog closes', () => {
      store.getState().openConnect({ ...EMPTY_FORM, endpointUrl: 'opc.tcp://x:1', userName: 'op', password: 'secret' });
      store.getState().startConnectRun({ endpointUrl: 'opc.tcp://x:1', userName: 'op', password: 'secret' });
      store.getState().closeConnect();
      expect(store.getState().connectForm).toMatchObject({ userName: 'op', password: '' });
      expect(store.getState().lastTestInput).toBeNull();
    });
  });
});
