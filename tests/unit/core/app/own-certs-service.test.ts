import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../../electron/core/app/handlers';
import { APP_STORE_ID, TrustService } from '../../../../electron/core/app/trust-service';
import type { Result } from '../../../../shared/ipc/result';
import { makeCert } from '../../../helpers/certs';
import { tempDir } from '../../../helpers/tmp';

const services: TrustService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

async function startApp() {
  const home = await tempDir('home-');
  const service = new TrustService({ home, mode: 'browser', watch: false });
  services.push(service);
  await service.start();
  return { home, service, handlers: createHandlers(service) };
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('own certificates through the handlers', () => {
  it("lists the app's first-start identity as the default", async () => {
    const { handlers } = await startApp();
    const list = value(await handlers['own:list']({}));
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ isDefault: true, origin: 'adopted', statuses: ['valid'] });
  });

  it('generates a certificate with progress events, writes it to own/ and returns the re-read app store', async () => {
    const { home, service, handlers } = await startApp();
    const steps: string[] = [];
    service.on('own:progress', (event) => event.runId === 'run-1' && steps.push(event.step));
    const outcome = value(await handlers['own:generate']({ name: 'Line 1 client', applicationName: 'Scada', hostnames: ['plc1'], keySize: 2048, validityDays: 90, runId: 'run-1' }));
    expect(steps).toEqual(['generating-key', 'signing', 'writing', 'done']);
    expect(outcome.certificate).toMatchObject({ name: 'Line 1 client', applicationUri: 'urn:plc1:Scada', isDefault: false, statuses: ['valid'] });
    expect(outcome.certificates.map((c) => c.name)).toContain('Line 1 client');
    expect(outcome.store.id).toBe(APP_STORE_ID);
    const pki = path.join(home, 'pki');
    expect(readFileSync(path.join(pki, outcome.certificate.certificateFile), 'utf8')).toContain('BEGIN CERTIFICATE');
    expect(statSync(path.join(pki, outcome.certificate.privateKeyFile)).mode & 0o777).toBe(0o600);
    expect(outcome.store.entries.some((e) => e.file === outcome.certificate.certificateFile)).toBe(true);
    expect(JSON.stringify(outcome)).not.toContain('PRIVATE KEY');
  });

  it('uploads a certificate with its key and refuses a key of another certificate', async () => {
    const { handlers } = await startApp();
    const cert = await makeCert({ cn: 'Uploaded Client', applicationUri: 'urn:up:client', freshKey: true });
    const other = await makeCert({ cn: 'Other', freshKey: true });
    const outcome = value(await handlers['own:upload']({ name: 'Uploaded', certificate: { name: 'u.pem', base64: b64(cert.pem) }, privateKey: { name: 'u.key', base64: b64(cert.keyPem) } }));
    expect(outcome.upload.certificate).toMatchObject({ name: 'Uploaded', origin: 'uploaded', applicationUri: 'urn:up:client' });
    const refused = await handlers['own:upload']({ name: 'Mismatch', certificate: { name: 'm.pem', base64: b64(cert.pem) }, privateKey: { name: 'o.key', base64: b64(other.keyPem) } });
    expect(refused.ok).toBe(false);
    expect(value(await handlers['own:list']({})).map((c) => c.name)).not.toContain('Mismatch');
  });

  it('regenerates with the same name and assignments, and deletes with a fallback to the default', async () => {
    const { home, handlers } = await startApp();
    const { certificate } = value(await handlers['own:generate']({ name: 'Plant', hostnames: ['plant'] }));
    value(await handlers['own:assign']({ id: certificate.id, endpointUrl: 'opc.tcp://plc1:4840', securityMode: 'Sign' }));
    const again = value(await handlers['own:regenerate']({ id: certificate.id }));
    expect(again.certificate).toMatchObject({ name: 'Plant', applicationUri: certificate.applicationUri, assignments: [{ connection: 'opc.tcp://plc1:4840', securityMode: 'Sign' }], connectionCount: 1 });
    expect(again.certificate.certificate?.sha1).not.toBe(certificate.certificate?.sha1);
    expect(again.certificate.backups).toHaveLength(1);

    const defaultId = again.certificates.find((c) => c.isDefault)!.id;
    expect((await handlers['own:delete']({ id: defaultId })).ok).toBe(false);
    const deleted = value(await handlers['own:delete']({ id: certificate.id }));
    expect(deleted.deleted.connections).toEqual([{ connection: 'opc.tcp://plc1:4840', securityMode: 'Sign' }]);
    expect(deleted.deleted.fallback.id).toBe(defaultId);
    expect(existsSync(path.join(home, 'pki', again.certificate.certificateFile))).toBe(false);
    expect(deleted.certificates.map((c) => c.id)).toEqual([defaultId]);
  });

  it('sets the default, and a test connection then uses it unless the endpoint has its own', async () => {
    const { service, handlers } = await startApp();
    const { certificate } = value(await handlers['own:generate']({ name: 'New default', hostnames: ['h'] }));
    const outcome = value(await handlers['own:set-default']({ id: certificate.id }));
    expect(outcome.certificates[0]).toMatchObject({ id: certificate.id, isDefault: true });
    const identity = await service.opcua.identity('opc.tcp://anything:4840');
    expect(identity.certificate.sha1).toBe(certificate.certificate?.sha1);
  });

  it('exports the certificate as DER or PEM, and the private key only when confirmed', async () => {
    const { handlers } = await startApp();
    const [own] = value(await handlers['own:list']({}));
    const der = value(await handlers['own:export']({ id: own.id, what: 'certificate', format: 'der' }));
    expect(der).toMatchObject({ format: 'der' });
    expect(Buffer.from(der.base64, 'base64')[0]).toBe(0x30);
    const unconfirmed = await handlers['own:export']({ id: own.id, what: 'private-key', confirm: false } as never);
    expect(unconfirmed).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const key = value(await handlers['own:export']({ id: own.id, what: 'private-key', confirm: true }));
    expect(Buffer.from(key.base64, 'base64').toString()).toContain('PRIVATE KEY');
  });

  it('creates a signing request with the OPC UA fields', async () => {
    const { handlers } = await startApp();
    const [own] = value(await handlers['own:list']({}));
    const csr = value(await handlers['own:create-csr']({ id: own.id }));
    expect(csr.applicationUri).toBe(own.applicationUri);
    expect(Buffer.from(csr.base64, 'base64').toString()).toContain('BEGIN CERTIFICATE REQUEST');
  });
});
