import { describe, expect, it } from 'vitest';
import { demoStatus, recent } from '../testing/connect';
import { defaultEndpointUrl, EMPTY_FORM, endpointUrlProblem, formFromRecent, securityText, toTestInput } from './connect-request';

describe('the Test connection form', () => {
  it('sends no user and no password for an anonymous test', () => {
    expect(toTestInput({ ...EMPTY_FORM, endpointUrl: ' opc.tcp://plc:4840 ', password: 'typed by mistake' })).toEqual({
      endpointUrl: 'opc.tcp://plc:4840',
      securityPolicy: 'auto',
      securityMode: 'auto',
    });
  });

  it('sends the password with a user name', () => {
    expect(toTestInput({ ...EMPTY_FORM, endpointUrl: 'opc.tcp://plc:4840', userName: ' admin ', password: 's3cret', securityPolicy: 'Basic256Sha256', securityMode: 'Sign' })).toEqual({
      endpointUrl: 'opc.tcp://plc:4840',
      securityPolicy: 'Basic256Sha256',
      securityMode: 'Sign',
      userName: 'admin',
      password: 's3cret',
    });
  });

  it('says what is wrong with an endpoint URL, as the contract would refuse it', () => {
    expect(endpointUrlProblem('')).toMatch(/Enter/);
    expect(endpointUrlProblem('http://plc:4840')).toMatch(/opc\.tcp:\/\/host:4840/);
    expect(endpointUrlProblem('opc.tcp://plc 7:4840')).not.toBeNull();
    expect(endpointUrlProblem('OPC.TCP://plc:4840/UA/Server')).toBeNull();
  });

  it('starts with the running demo server’s URL, else the last one tested', () => {
    const list = [recent({ endpointUrl: 'opc.tcp://plc-7:4840' }), recent({ endpointUrl: 'opc.tcp://older:4840' })];
    expect(defaultEndpointUrl(demoStatus({ endpointUrl: 'opc.tcp://127.0.0.1:4841' }), list)).toBe('opc.tcp://127.0.0.1:4841');
    expect(defaultEndpointUrl(demoStatus({ state: 'stopped', endpointUrl: null }), list)).toBe('opc.tcp://plc-7:4840');
    expect(defaultEndpointUrl(null, [])).toBe('');
  });

  it('puts a recent connection back in the form, without a password, and unknown security as “most secure”', () => {
    expect(formFromRecent(recent({ userName: 'op' }))).toEqual({ endpointUrl: 'opc.tcp://plc-7:4840', securityPolicy: 'Basic256Sha256', securityMode: 'Sign', userName: 'op', password: '' });
    // settings written by an older version may hold a policy we no longer offer
    expect(formFromRecent(recent({ securityPolicy: 'Basic128Rsa15' as never, securityMode: 'auto' }))).toMatchObject({ securityPolicy: 'auto', securityMode: 'auto' });
  });

  it('names the security of a connection', () => {
    expect(securityText('auto', 'auto')).toBe('Most secure offered');
    expect(securityText('Basic256Sha256', 'Sign')).toBe('Basic256Sha256 · Sign');
  });
});
