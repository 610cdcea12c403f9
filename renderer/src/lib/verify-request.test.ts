import { describe, expect, it } from 'vitest';
import { cert, storeView } from '../testing/views';
import { currentTarget, defaultVerifyForm, roleJudgedBy, suppressionsFor, toggleSuppression, toVerifyInput, type VerifyForm } from './verify-request';

describe('the "Would this connect?" form', () => {
  const server = storeView('line3', [], { role: 'server' });
  const app = storeView('app-own', [], { role: 'client', builtIn: true });
  const demo = storeView('demo-server', [], { role: 'server', builtIn: true });
  const context = { stores: [app, demo, server], appStoreId: 'app-own', demoStoreId: 'demo-server' };

  describe('who judges by default', () => {
    it('a certificate in a server’s rejected or trusted folder: that server, checking a client’s certificate', () => {
      expect(defaultVerifyForm('line3', cert('SCADA', 'rejected'), context)).toMatchObject({ judgeStoreId: 'line3', role: 'client' });
      expect(defaultVerifyForm('line3', cert('SCADA', 'trusted'), context)).toMatchObject({ judgeStoreId: 'line3', role: 'client' });
    });

    it('a certificate in a client’s trusted folder: that client, checking a server’s certificate', () => {
      expect(defaultVerifyForm('app-own', cert('PLC', 'trusted'), context)).toMatchObject({ judgeStoreId: 'app-own', role: 'server' });
    });

    it('a server’s own certificate is presented to clients: this app judges it', () => {
      expect(defaultVerifyForm('line3', cert('Line3 Server', 'own'), context)).toMatchObject({ judgeStoreId: 'app-own', role: 'server' });
    });

    it('this app’s own certificate is presented to servers: the demo server first, else another server', () => {
      expect(defaultVerifyForm('app-own', cert('Me', 'own'), context)).toMatchObject({ judgeStoreId: 'demo-server', role: 'client' });
      expect(defaultVerifyForm('app-own', cert('Me', 'own'), { ...context, stores: [app, server], demoStoreId: null })).toMatchObject({ judgeStoreId: 'line3', role: 'client' });
    });

    it('starts with Basic256Sha256, the certificate’s own ApplicationUri and every check on', () => {
      expect(defaultVerifyForm('line3', cert('SCADA', 'rejected'), context)).toMatchObject({ securityPolicy: 'Basic256Sha256', applicationUri: 'urn:test:SCADA', endpointHost: '', suppress: [] });
      expect(defaultVerifyForm('line3', cert('NoUri', 'rejected', { applicationUri: null }), context).applicationUri).toBe('');
    });
  });

  it('reads a store’s role as what it judges', () => {
    expect(roleJudgedBy({ role: 'server' })).toBe('client');
    expect(roleJudgedBy({ role: 'remote' })).toBe('client');
    expect(roleJudgedBy({ role: 'client' })).toBe('server');
    expect(roleJudgedBy({ role: 'app-own' })).toBe('server');
  });

  describe('the certs:verify input', () => {
    const target = { storeId: 'line3', file: 'rejected/SCADA.der', id: 'a'.repeat(64) };
    const form: VerifyForm = { judgeStoreId: 'line3', role: 'client', securityPolicy: 'Basic256Sha256', endpointHost: ' plc-7 ', applicationUri: ' ', suppress: [] };

    it('leaves out what is empty, and the host for a client’s certificate (servers do not check it)', () => {
      expect(toVerifyInput(target, form)).toEqual({ certificate: target, judgeStoreId: 'line3', role: 'client', securityPolicy: 'Basic256Sha256' });
    });

    it('sends the host for a server’s certificate, the URI trimmed and the switches in a stable order', () => {
      const input = toVerifyInput(target, { ...form, role: 'server', applicationUri: ' urn:plc ', suppress: ['timeInvalid', 'hostNameInvalid', 'revocationUnknown'] });
      expect(input).toMatchObject({ role: 'server', endpointHost: 'plc-7', applicationUri: 'urn:plc', suppress: ['revocationUnknown', 'timeInvalid', 'hostNameInvalid'] });
    });

    it('does not send the host-name switch for a client’s certificate', () => {
      expect(toVerifyInput(target, { ...form, suppress: ['hostNameInvalid'] }).suppress).toBeUndefined();
      expect(suppressionsFor('client')).not.toContain('hostNameInvalid');
      expect(suppressionsFor('server')).toContain('hostNameInvalid');
    });
  });

  it('switches a check off and on again', () => {
    expect(toggleSuppression([], 'timeInvalid', true)).toEqual(['timeInvalid']);
    expect(toggleSuppression(['timeInvalid'], 'revocationUnknown', true)).toEqual(['revocationUnknown', 'timeInvalid']);
    expect(toggleSuppression(['revocationUnknown', 'timeInvalid'], 'revocationUnknown', false)).toEqual(['timeInvalid']);
  });

  it('follows the certificate when Sync moved it inside its store, and knows when it is gone', () => {
    const refused = cert('SCADA', 'rejected');
    const moved = { ...refused, folder: 'trusted' as const, file: 'trusted/certs/SCADA.der' };
    const target = { storeId: 'line3', file: refused.file, id: refused.id };
    expect(currentTarget([storeView('line3', [refused])], target)).toEqual(target);
    expect(currentTarget([storeView('line3', [moved])], target)).toEqual({ ...target, file: moved.file });
    expect(currentTarget([storeView('line3', [])], target)).toBeNull();
    expect(currentTarget([], target)).toBeNull();
  });
});
