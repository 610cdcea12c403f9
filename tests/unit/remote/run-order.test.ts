import { describe, expect, it } from 'vitest';
import { runBounded } from '../../../electron/core/remote/bounded-pool';
import { describePushFailure, withDeadline } from '../../../electron/core/remote/push-failure';
import { PushError } from '../../../electron/core/remote/push-types';
import { SerialQueue } from '../../../electron/core/remote/serial-queue';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('one operation at a time per server', () => {
  it('runs the operations of one server in order, and those of two servers side by side', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const op = (server: string, name: string, ms: number) => queue.run(server, async () => {
      log.push(`${name} start`);
      await tick(ms);
      log.push(`${name} end`);
      return name;
    });
    const results = await Promise.all([op('a', 'a1', 30), op('a', 'a2', 1), op('b', 'b1', 5)]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('a1 end')).toBeLessThan(log.indexOf('a2 start'));
    expect(log.indexOf('b1 end')).toBeLessThan(log.indexOf('a1 end'));
  });

  it('goes on with the next operation after one failed', async () => {
    const queue = new SerialQueue();
    const failed = queue.run('a', async () => { throw new Error('server gone'); });
    const next = queue.run('a', async () => 'next');
    await expect(failed).rejects.toThrow('server gone');
    await expect(next).resolves.toBe('next');
    await tick(0);
    expect(queue.busy('a')).toBe(false);
  });
});

describe('a fleet push a few servers at a time', () => {
  it('never runs more than the bound at once, and keeps the results in order', async () => {
    let running = 0;
    let most = 0;
    const results = await runBounded([5, 1, 4, 2, 3, 1, 2], 3, async (ms, i) => {
      most = Math.max(most, ++running);
      await tick(ms * 3);
      running--;
      return i;
    });
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(most).toBe(3);
  });
});

describe('what a failed push call means', () => {
  it('a refused password is UNAUTHORIZED, the server refused', () => {
    expect(describePushFailure(new PushError('activate session', 'BadUserAccessDenied', 'wrong user name or password'))).toMatchObject({ code: 'UNAUTHORIZED', reachability: 'refused', status: 'BadUserAccessDenied' });
  });

  it('a server nobody answers for is offline', () => {
    expect(describePushFailure(new PushError('connect', 'BadCommunicationError', 'cannot reach the server'))).toMatchObject({ code: 'OPCUA', reachability: 'offline' });
    expect(describePushFailure(new PushError('read trust list', 'BadTimeout', 'no answer'))).toMatchObject({ reachability: 'offline' });
  });

  it("an untrusted server certificate keeps the certificate for the user's decision", () => {
    const der = Buffer.from([0x30, 0x00]);
    expect(describePushFailure(new PushError('server certificate', 'BadCertificateUntrusted', 'not trusted yet', der))).toMatchObject({ reachability: 'online', serverCertificate: der });
  });

  it('a call that never answers is cut at its deadline, naming the step', async () => {
    await expect(withDeadline(new Promise(() => undefined), 20, 'ApplyChanges')).rejects.toMatchObject({ step: 'ApplyChanges', status: 'BadTimeout' });
  });
});
