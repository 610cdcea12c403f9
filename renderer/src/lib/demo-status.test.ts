import { describe, expect, it } from 'vitest';
import { demoStatus } from '../testing/connect';
import { demoPort, demoStatusText } from './demo-status';

describe('the demo server’s status in words', () => {
  it('reads the port it listens on from its endpoint, not the port it tried first', () => {
    const status = demoStatus({ port: 4840, endpointUrl: 'opc.tcp://127.0.0.1:4841' });
    expect(demoPort(status)).toBe(4841);
    expect(demoStatusText(status)).toBe('running on port 4841');
  });

  it('says stopped, starting and failed', () => {
    expect(demoStatusText(demoStatus({ state: 'stopped', endpointUrl: null }))).toBe('stopped');
    expect(demoStatusText(demoStatus({ state: 'starting', endpointUrl: null }))).toBe('starting…');
    expect(demoStatusText(demoStatus({ state: 'failed', endpointUrl: null, error: 'EADDRINUSE' }))).toBe('failed');
    expect(demoPort({ endpointUrl: null })).toBeNull();
  });
});
