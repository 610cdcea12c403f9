/**
 * The local CA through the contract's handlers, as the UI calls them: create, sign a request file
 * or an own certificate's request (installed at once), install a signed certificate, revoke,
 * publish the CRL, deploy the CA to the stores of the app and download it. Real files in a fresh app home.
 */
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../../electron/core/app/handlers';
import { APP_STORE_ID, DEMO_STORE_ID, TrustService } from '../../../../electron/core/app/trust-service';
import { createSigningRequest } from '../../../../electron/core/own-certs/certificate-profile';
import { readPrivateKey, rsaSigningKey } from '../../../../electron/core/own-certs/keys';
import { decodeFile } from '../../../../electron/core/x509/decode';
import { parseCertificate, parseCrl } from '../../../../electron/core/x509/parse';
import type { Result } from '../../../../shared/ipc/result';
import { tempDir } from '../../../helpers/tmp';

const services: TrustService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

async function startApp(home?: string) {
  home ??= await tempDir('ca-home-');
  const service = new TrustService({ home, mode: 'browser', watch: false });
  services.push(service);
  await service.start();
  return { home, service, handlers: createHandlers(service) };
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

function refusal<T>(result: Result<T>): { code: string; message: string } {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('the local CA in the app', () => {
  it('does not exist until created, says so when asked to sign, and is created once in <home>/ca', async () => {
    const { home, handlers } = await startApp();
    expect(value(await handlers['ca:get']({}))).toEqual({ info: null, issued: [] });
    expect(refusal(await handlers['ca:sign']({ ownId: 'app' }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no local CA yet') });

    const created = value(await handlers['ca:init']({ commonName: 'Line CA', organization: 'Plant', keySize: 2048, validityDays: 1000 }));
    expect(created.info).toMatchObject({ subject: expect.stringContaining('CN=Line CA'), keySize: 2048, issued: 0, revoked: 0, crl: { crlNumber: 1, revokedSerials: [] } });
    expect(created.info!.dir).toBe(path.join(home, 'ca'));
    expect(statSync(path.join(home, 'ca', 'private', 'ca_private_key.pem')).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(created)).not.toContain('PRIVATE KEY');
    expect(refusal(await handlers['ca:init']({ commonName: 'Again' }))).toMatchObject({ code: 'EXISTS' });
  });

  it('signs for an own certificate and installs the result: issuer, CRL and the old certificate as a backup', async () => {
    const { home, handlers } = await startApp();
    value(await handlers['ca:init']({ commonName: 'Line CA', keySize: 2048 }));
    const { certificate } = value(await handlers['own:generate']({ name: 'Line 2 client', hostnames: ['scada-2'], applicationName: 'Scada2' }));
    const outcome = value(await handlers['ca:sign']({ ownId: certificate.id, validityDays: 90 }));

    expect(outcome.ca.issued).toHaveLength(1);
    expect(outcome.ca.issued[0]).toMatchObject({ applicationUri: 'urn:scada-2:Scada2', status: 'valid' });
    const installed = outcome.own!.installed.certificate;
    expect(installed).toMatchObject({ name: 'Line 2 client', applicationUri: 'urn:scada-2:Scada2', statuses: ['valid'], backups: [{ reason: 'signed-certificate-installed' }] });
    expect(installed.certificate).toMatchObject({ sha256: outcome.ca.issued[0].sha256, issuer: { cn: 'Line CA' }, selfSigned: false });
    expect(outcome.own!.installed.warnings).toEqual([]);
    const issuers = outcome.own!.store.entries.filter((e) => e.folder === 'issuers');
    expect(issuers.map((e) => e.kind).sort()).toEqual(['certificate', 'crl']);
    expect(existsSync(path.join(home, 'pki', installed.certificateFile))).toBe(true);
    expect(outcome.own!.store.id).toBe(APP_STORE_ID);
  });

  it('signs a request file, and the signed certificate is installed on the own certificate it was made for', async () => {
    const { handlers } = await startApp();
    value(await handlers['ca:init']({ commonName: 'Line CA', keySize: 2048 }));
    const csr = value(await handlers['own:create-csr']({ id: 'app', format: 'pem' }));
    const { signed, own } = value(await handlers['ca:sign']({ csr: { name: csr.name, base64: csr.base64 } }));
    expect(own).toBeNull();
    expect(signed.certificatePem).toContain('BEGIN CERTIFICATE');
    expect(signed.issued.applicationUri).toBe(csr.applicationUri);

    const installed = value(await handlers['own:install-signed']({ id: 'app', files: [{ name: 'signed.pem', base64: b64(signed.certificatePem + signed.caCertificatePem) }] }));
    expect(installed.installed.certificate.certificate?.sha256).toBe(signed.issued.sha256);
    // No CRL came with it: the user is told what servers that check revocation will answer.
    expect(installed.installed.warnings).toEqual([expect.stringContaining('BadCertificateRevocationUnknown')]);
    expect(installed.certificates.find((c) => c.id === 'app')?.certificate?.issuer.cn).toBe('Line CA');
  });

  it('refuses to install a certificate signed for another key or with another ApplicationUri, and changes nothing', async () => {
    const { home, handlers } = await startApp();
    value(await handlers['ca:init']({ commonName: 'Line CA', keySize: 2048 }));
    const { certificate: other } = value(await handlers['own:generate']({ name: 'Other', hostnames: ['other'] }));
    const before = value(await handlers['own:list']({})).find((c) => c.id === 'app')!;

    const otherCsr = value(await handlers['own:create-csr']({ id: other.id, format: 'pem' }));
    const forOther = value(await handlers['ca:sign']({ csr: { name: otherCsr.name, base64: otherCsr.base64 } }));
    const mismatch = refusal(await handlers['own:install-signed']({ id: 'app', files: [{ name: 'other.pem', base64: b64(forOther.signed.certificatePem) }] }));
    expect(mismatch).toMatchObject({ code: 'INVALID_CERT', message: expect.stringMatching(/does not match the private key of "App certificate".*nothing was installed/) });

    const key = await rsaSigningKey(readPrivateKey(readFileSync(path.join(home, 'pki', before.privateKeyFile))));
    const renamed = await createSigningRequest(key, { commonName: 'x', applicationUri: 'urn:elsewhere:Other', dns: [], ip: [] });
    const wrongUri = value(await handlers['ca:sign']({ csr: { name: 'renamed.csr.der', base64: renamed.toString('base64') } }));
    const uri = refusal(await handlers['own:install-signed']({ id: 'app', files: [{ name: 'renamed.pem', base64: b64(wrongUri.signed.certificatePem) }] }));
    expect(uri).toMatchObject({ code: 'INVALID_CERT', message: expect.stringContaining('names ApplicationUri urn:elsewhere:Other but "App certificate" is') });

    const after = value(await handlers['own:list']({})).find((c) => c.id === 'app')!;
    expect(after.certificate?.sha256).toBe(before.certificate?.sha256);
    expect(after.backups).toEqual([]);
  });

  it('revokes, publishes the CRL, and deploys the CA and its CRL to chosen stores with a report per store', async () => {
    const { home, handlers } = await startApp();
    value(await handlers['ca:init']({ commonName: 'Line CA', keySize: 2048 }));
    const signed = value(await handlers['ca:sign']({ ownId: 'app' }));
    const serial = signed.ca.issued[0].serial;

    const first = value(await handlers['ca:deploy']({ storeIds: [DEMO_STORE_ID, 's-nothere'], to: 'trusted' }));
    expect(first.reports.map((r) => [r.storeName, r.results.map((x) => x.status), r.error])).toEqual([
      ['Local demo server', ['imported', 'imported'], null],
      ['s-nothere', [], 'no store with id s-nothere'],
    ]);
    const demo = first.stores.find((s) => s.id === DEMO_STORE_ID)!;
    expect(demo.entries.filter((e) => e.folder === 'trusted').map((e) => e.kind).sort()).toEqual(['certificate', 'crl']);

    const revoked = value(await handlers['ca:revoke']({ serial: serial.toUpperCase().match(/../g)!.join(':') }));
    expect(revoked.revoked).toMatchObject({ serial, status: 'revoked' });
    expect(revoked.info).toMatchObject({ revoked: 1, crl: { crlNumber: 2, revokedSerials: [serial] } });
    expect(refusal(await handlers['ca:revoke']({ serial }))).toMatchObject({ code: 'CONFLICT' });
    const published = value(await handlers['ca:publish-crl']({ days: 7 }));
    expect(published.info!.crl).toMatchObject({ crlNumber: 3, revokedSerials: [serial] });
    expect(new Date(published.info!.crl!.nextUpdate).getTime() - Date.now()).toBeLessThan(7 * 86_400_000 + 60_000);

    const again = value(await handlers['ca:deploy']({ storeIds: [DEMO_STORE_ID], to: 'trusted' }));
    expect(again.reports[0]).toMatchObject({ error: null, results: [{ status: 'exists' }, { status: 'imported' }], removedCrls: [expect.stringMatching(/^trusted\/crl\//)] });
    const crls = again.stores[0].entries.filter((e) => e.kind === 'crl');
    expect(crls).toHaveLength(1);
    expect(readFileSync(path.join(home, 'demo-server', crls[0].file), 'utf8')).toContain('BEGIN X509 CRL');
  });
});

describe('downloading the CA certificate and its CRL', () => {
  /** The one item a downloaded file holds, DER or PEM. */
  const itemOf = (base64: string) => {
    const { items } = decodeFile(Buffer.from(base64, 'base64'));
    expect(items).toHaveLength(1);
    return items[0];
  };

  it('gives the CA certificate as DER or PEM, named after the CA, and never its key', async () => {
    const { handlers } = await startApp();
    const { info } = value(await handlers['ca:init']({ commonName: 'Line 2 CA', keySize: 2048 }));
    const der = value(await handlers['ca:download']({ what: 'certificate', format: 'der' }));
    expect(der).toMatchObject({ name: 'Line_2_CA.der', mime: 'application/pkix-cert' });
    expect(parseCertificate(Buffer.from(der.base64, 'base64')).sha1).toBe(info!.sha1);

    const pem = value(await handlers['ca:download']({ what: 'certificate', format: 'pem' }));
    expect(pem).toMatchObject({ name: 'Line_2_CA.pem', mime: 'application/x-pem-file' });
    const text = Buffer.from(pem.base64, 'base64').toString();
    expect(text).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(text).not.toContain('PRIVATE KEY');
    const item = itemOf(pem.base64);
    expect(item.type === 'certificate' && parseCertificate(item.der).sha1).toBe(info!.sha1);
  });

  it('gives the CRL last published, issued by the CA, as .crl (DER) or .crl.pem', async () => {
    const { handlers } = await startApp();
    value(await handlers['ca:init']({ commonName: 'Line 2 CA', keySize: 2048 }));
    const { ca } = value(await handlers['ca:sign']({ ownId: 'app' }));
    const revoked = value(await handlers['ca:revoke']({ serial: ca.issued[0].serial }));

    const der = value(await handlers['ca:download']({ what: 'crl', format: 'der' }));
    expect(der).toMatchObject({ name: 'Line_2_CA.crl', mime: 'application/pkix-crl' });
    const crl = parseCrl(Buffer.from(der.base64, 'base64'));
    expect(crl.issuer.text).toBe(revoked.info!.subject);
    expect(crl.revokedSerials).toEqual([ca.issued[0].serial]);
    expect(crl.sha256).toBe(revoked.info!.crl!.sha256);

    const pem = value(await handlers['ca:download']({ what: 'crl', format: 'pem' }));
    expect(pem.name).toBe('Line_2_CA.crl.pem');
    expect(Buffer.from(pem.base64, 'base64').toString()).toMatch(/^-----BEGIN X509 CRL-----/);
    expect(itemOf(pem.base64)).toMatchObject({ type: 'crl', der: Buffer.from(der.base64, 'base64') });
  });

  it('says there is no CA yet, or that the CRL must be published first', async () => {
    const { home, handlers } = await startApp();
    expect(refusal(await handlers['ca:download']({ what: 'certificate', format: 'der' }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no local CA yet') });
    expect(refusal(await handlers['ca:download']({ what: 'crl', format: 'der' }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no local CA yet') });

    value(await handlers['ca:init']({ commonName: 'Line CA', keySize: 2048 }));
    rmSync(path.join(home, 'ca', 'crl', 'ca_revocation_list.pem'));
    expect(refusal(await handlers['ca:download']({ what: 'crl', format: 'pem' }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('publish the CRL first') });
    expect(value(await handlers['ca:download']({ what: 'certificate', format: 'pem' })).name).toBe('Line_CA.pem');
  });
});

describe('the expiring-soon threshold', () => {
  it('is 30 days until changed, is kept in settings.json, and moves the own certificates\' badges', async () => {
    const { home, handlers, service } = await startApp();
    expect(value(await handlers['settings:get']({}))).toEqual({ expiringSoonDays: 30 });
    const { certificate } = value(await handlers['own:generate']({ name: 'Short', hostnames: ['short'], validityDays: 40 }));
    expect(certificate.statuses).toEqual(['valid']);

    expect(value(await handlers['settings:update']({ expiringSoonDays: 60 }))).toEqual({ expiringSoonDays: 60 });
    expect(value(await handlers['own:list']({})).find((c) => c.name === 'Short')?.statuses).toEqual(['expiring-soon']);
    expect(JSON.parse(readFileSync(path.join(home, 'settings.json'), 'utf8'))).toMatchObject({ expiringSoonDays: 60 });
    expect(refusal(await handlers['settings:update']({ expiringSoonDays: 0 })).code).toBe('INVALID_INPUT');
    // An update without the field leaves it as it is.
    expect(value(await handlers['settings:update']({}))).toEqual({ expiringSoonDays: 60 });

    await service.close();
    services.splice(services.indexOf(service), 1);
    const restarted = await startApp(home);
    expect(value(await restarted.handlers['settings:get']({}))).toEqual({ expiringSoonDays: 60 });
  });

  it('goes back to 30 days, with a notice, when the file holds a threshold that makes no sense', async () => {
    const home = await tempDir('ca-home-');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(home, 'settings.json'), JSON.stringify({ version: 1, stores: [], expiringSoonDays: -3 }));
    const { service, handlers } = await startApp(home);
    expect(value(await handlers['settings:get']({}))).toEqual({ expiringSoonDays: 30 });
    expect(service.info().notices).toEqual([expect.stringContaining('reset to their defaults (expiringSoonDays)')]);
  });
});
