import { describe, expect, it } from 'vitest';
import { cert, crl, storeView, unreadable } from '../testing/views';
import { remoteProblemOf } from './remote-problem';
import { certificateExpiry, defaultPushTarget, expiryText, pushCandidates } from './remote-selectors';

const DAY = 86_400_000;

describe('what can be pushed to remote servers', () => {
  const ca = cert('Plant CA', 'issuers', { isCA: true });
  const caCrl = crl('Plant CA', 'issuers');
  const client = cert('SCADA Client', 'trusted');
  const stores = [storeView('ca-store', [ca, caCrl, cert('Own', 'own'), unreadable('trusted/certs/junk', 'trusted')], { name: 'Local CA' }), storeView('line3', [client], { name: 'Line 3' })];

  it('lists certificates and CRLs of every store, never own certificates or unreadable files', () => {
    expect(pushCandidates(stores).map((c) => `${c.storeName}: ${c.label}`)).toEqual(['Local CA: Plant CA', 'Local CA: CRL of Plant CA', 'Line 3: SCADA Client']);
  });

  it('finds by words of the name, the store, "crl" or "ca", or the SHA-1 thumbprint', () => {
    expect(pushCandidates(stores, 'plant crl').map((c) => c.entry.kind)).toEqual(['crl']);
    expect(pushCandidates(stores, 'line').map((c) => c.label)).toEqual(['SCADA Client']);
    expect(pushCandidates(stores, client.sha1).map((c) => c.label)).toEqual(['SCADA Client']);
    expect(pushCandidates(stores, 'nothing-like-this')).toEqual([]);
  });

  it('sends a CA and its CRL to Issuers, and anything with an application certificate to Trusted', () => {
    const all = pushCandidates(stores);
    expect(defaultPushTarget(all.slice(0, 2))).toBe('issuers');
    expect(defaultPushTarget(all)).toBe('trusted');
  });
});

describe('a server certificate’s expiry in the fleet view', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  const at = (days: number) => ({ notAfter: new Date(now + days * DAY + 60_000).toISOString() });

  it('is fine, soon (under 30 days) or expired, in days', () => {
    expect(certificateExpiry(at(400), now)).toEqual({ days: 400, level: 'ok' });
    expect(certificateExpiry(at(12), now)).toEqual({ days: 12, level: 'soon' });
    expect(certificateExpiry({ notAfter: new Date(now - 3 * DAY - 60_000).toISOString() }, now)).toMatchObject({ level: 'expired' });
    expect(certificateExpiry(null, now)).toBeNull();
  });

  it('reads as words', () => {
    expect(expiryText({ days: 412, level: 'ok' })).toBe('412 days left');
    expect(expiryText({ days: 1, level: 'soon' })).toBe('1 day left');
    expect(expiryText({ days: -4, level: 'expired' })).toBe('expired 3 days ago');
  });
});

describe('why a remote server refused', () => {
  it('reads the status code from the details first, then from the message', () => {
    expect(remoteProblemOf({ code: 'OPCUA', message: 'x', details: { status: 'BadIdentityTokenRejected' } }).kind).toBe('wrong-password');
    expect(remoteProblemOf({ code: 'OPCUA', message: 'open secure channel: BadCertificateUntrusted' }).kind).toBe('app-not-trusted');
    expect(remoteProblemOf({ code: 'OPCUA', message: 'browse: BadNodeIdUnknown' }).kind).toBe('no-push');
  });

  it('falls back to what the message says, and to the message itself', () => {
    expect(remoteProblemOf({ code: 'OPCUA', message: 'connect: no answer within 10 s (timed out)' }).kind).toBe('unreachable');
    expect(remoteProblemOf({ code: 'IO', message: 'disk full' })).toMatchObject({ kind: 'other', message: 'disk full', status: null });
  });
});

describe('a missing password', () => {
  it('is told apart from a wrong one', () => {
    expect(remoteProblemOf({ code: 'UNAUTHORIZED', message: 'PLC 7: the admin password is needed (Set password…, or --password-env in the CLI)' })).toMatchObject({ kind: 'password-needed', title: 'The admin password is needed' });
    expect(remoteProblemOf({ code: 'UNAUTHORIZED', message: 'activate session refused' }).kind).toBe('wrong-password');
  });
});
