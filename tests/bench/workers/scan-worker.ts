/**
 * Case 1, one contender per process (cold, as at start-up): `ours` opens the store and lists every
 * entry with its problems; `cm` is node-opcua-pki's CertificateManager until it answers a
 * verification; `floor` is readdir + crypto.X509Certificate reading comparable fields.
 * Usage: scan-worker.ts ours|cm|floor <store root>
 */
import { X509Certificate, createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { report } from '../lib/child';

const [contender, root] = process.argv.slice(2) as [string, string];
const FOLDERS = ['own/certs', 'trusted/certs', 'trusted/crl', 'issuers/certs', 'issuers/crl', 'rejected'];
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

async function main() {
  if (contender === 'ours') {
    const { PkiStore } = await import('../../../electron/core/pki/store');
    const rss0 = process.memoryUsage().rss;
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const store = PkiStore.open(root, { layout: 'node-opcua' });
    const entries = store.scan().entries;
    const ms = performance.now() - t0;
    const withProblems = entries.filter((e) => e.problems.length > 0).length;
    report({ ms, cpuMs: cpuMs(cpu), rssGrowthMb: (process.memoryUsage().rss - rss0) / 1048576, count: entries.length, withProblems });
  } else if (contender === 'cm') {
    const { CertificateManager } = await import('node-opcua-pki');
    const { convertPEMtoDER } = await import('node-opcua-crypto');
    const trusted = path.join(root, 'trusted/certs');
    const probe = convertPEMtoDER(readFileSync(path.join(trusted, readdirSync(trusted).sort()[0]!), 'utf8'));
    const rss0 = process.memoryUsage().rss;
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const manager = new CertificateManager({ location: root });
    await manager.initialize();
    const status = await manager.verifyCertificate(probe);
    const ms = performance.now() - t0;
    const rssGrowthMb = (process.memoryUsage().rss - rss0) / 1048576;
    const used = cpuMs(cpu);
    await manager.dispose();
    report({ ms, cpuMs: used, rssGrowthMb, status });
  } else if (contender === 'floor') {
    const rss0 = process.memoryUsage().rss;
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const list: unknown[] = [];
    for (const rel of FOLDERS) {
      const dir = path.join(root, rel);
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      for (const name of names) {
        const bytes = readFileSync(path.join(dir, name));
        if (rel.endsWith('/crl')) {
          // Node has no CRL parser: the floor only reads and hashes CRL files.
          list.push({ file: name, sha256: createHash('sha256').update(bytes).digest('hex') });
          continue;
        }
        const x = new X509Certificate(bytes);
        list.push({
          file: name,
          subject: x.subject,
          issuer: x.issuer,
          notBefore: x.validFrom,
          notAfter: x.validTo,
          san: x.subjectAltName,
          keyType: x.publicKey.asymmetricKeyType,
          keySize: x.publicKey.asymmetricKeyDetails?.modulusLength,
          sha1: x.fingerprint,
          sha256: x.fingerprint256,
          serial: x.serialNumber,
          ca: x.ca,
          extendedKeyUsage: x.keyUsage,
        });
      }
    }
    const ms = performance.now() - t0;
    report({ ms, cpuMs: cpuMs(cpu), rssGrowthMb: (process.memoryUsage().rss - rss0) / 1048576, count: list.length });
  } else {
    throw new Error(`unknown contender ${contender}`);
  }
}

await main();
