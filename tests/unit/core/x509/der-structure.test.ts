/**
 * The encoding check against OpenSSL (Node's X509Certificate) as the judge: what it refuses is never
 * listed as a certificate, and what it reads is never refused for its encoding.
 */
import { describe, expect, it } from 'vitest';
import { decodeFile } from '../../../../electron/core/x509/decode';
import { derDefect } from '../../../../electron/core/x509/der-structure';
import { makeCert, makeCrl, opensslReads } from '../../../helpers/certs';
import { prng, seedFromEnv } from '../../reliability/fixtures/prng';


/** Offset of the block reached by taking, from the outer SEQUENCE, the child at each index in turn. */
function blockAt(der: Buffer, ...path: number[]): number {
  let at = 0;
  for (const index of path) {
    at = contentOf(der, at);
    for (let i = 0; i < index; i++) at = endOf(der, at);
  }
  return at;
}
function contentOf(der: Buffer, at: number): number {
  const first = der[at + 1];
  return at + 2 + (first > 0x80 ? first & 0x7f : 0);
}
function endOf(der: Buffer, at: number): number {
  const first = der[at + 1];
  const length = first > 0x80 ? der.readUIntBE(at + 2, first & 0x7f) : first;
  return contentOf(der, at) + length;
}
/** Certificate → tbsCertificate → the field at `index` (0 is the version). */
const TBS = 0;
const SIGNATURE = 2;
const ISSUER = 3;
const VALIDITY = 4;
const EXTENSIONS = 7;

function damaged(der: Buffer, change: (bytes: Buffer) => void): Buffer {
  const bytes = Buffer.from(der);
  change(bytes);
  return bytes;
}

describe('the DER check of a certificate or CRL', () => {
  it('passes good certificates (RSA, EC, CA) and CRLs with revoked entries', async () => {
    const ca = await makeCert({ cn: 'Check CA', ca: true });
    const certs = [ca, await makeCert({ cn: 'rsa', dns: ['rsa.local'], ip: ['127.0.0.1'] }), await makeCert({ cn: 'ec', key: 'ec-p256' })];
    for (const cert of certs) expect(derDefect(cert.der, 'certificate'), cert.cert.subject).toBeNull();
    const crl = await makeCrl(ca, { revoked: certs.slice(1) });
    expect(derDefect(crl.der, 'crl')).toBeNull();
    expect(derDefect((await makeCrl(ca)).der, 'crl')).toBeNull();
  });

  it('refuses the damage OpenSSL refuses and node-opcua-crypto read past, with the reason', async () => {
    const { der } = await makeCert({ cn: 'sample', dns: ['sample.local'] });
    const cases: [string, Buffer, RegExp][] = [
      // The case CI met: the outer length two bytes short, so the signature runs past it (its last two
      // bytes read as an empty block, which is what node-opcua-crypto needed to take the file).
      ['outer length short by 2', damaged(der, (b) => { b[3] -= 2; b.writeUInt16BE(0x0500, b.length - 2); }), /bytes longer than what holds it/],
      ['validity in a NumericString', damaged(der, (b) => (b[blockAt(b, TBS, VALIDITY)] = 0x32)), /validity has tag 0x32/],
      ['an extension tagged [APPLICATION 16]', damaged(der, (b) => (b[blockAt(b, TBS, EXTENSIONS, 0, 1)] = 0x70)), /extension.*tag 0x70/],
      ['a NULL parameter made constructed', damaged(der, (b) => (b[blockAt(b, 1, 1)] = 0x25)), /constructed NULL/],
      ['the signature with 9 unused bits', damaged(der, (b) => (b[contentOf(b, blockAt(b, SIGNATURE))] = 9)), /unused-bits/],
      ['a broken OID', damaged(der, (b) => (b[contentOf(b, blockAt(b, 1, 0))] = 0x80)), /broken OBJECT IDENTIFIER/],
    ];
    for (const [what, bytes, reason] of cases) {
      expect(opensslReads(bytes), what).toBe(false);
      expect(derDefect(bytes, 'certificate'), what).toMatch(reason);
      expect(decodeFile(bytes).items, what).toEqual([{ type: 'invalid', reason: expect.stringMatching(/^malformed certificate: /) }]);
    }
    // Bytes after the object: OpenSSL reads the first object and ignores them, node-opcua-crypto refuses the file, and so does the check.
    expect(derDefect(Buffer.concat([der, Buffer.from([0])]), 'certificate')).toBe('1 byte after the end of the DER object');
  });

  it('takes what OpenSSL takes although it is not DER: a Name and the extension list in primitive form', async () => {
    const { der } = await makeCert({ cn: 'sample', dns: ['sample.local'] });
    const issuer = blockAt(der, TBS, ISSUER);
    const list = blockAt(der, TBS, EXTENSIONS, 0);
    expect([der[issuer], der[list]]).toEqual([0x30, 0x30]);
    for (const bytes of [damaged(der, (b) => (b[issuer] = 0x10)), damaged(der, (b) => (b[list] = 0x10))]) {
      expect(opensslReads(bytes)).toBe(true);
      expect(derDefect(bytes, 'certificate')).toBeNull();
    }
  });

  it('agrees with OpenSSL on bit-flipped certificates: never reads one it refuses, never refuses the encoding of one it reads', async () => {
    const seed = seedFromEnv();
    const rng = prng(seed);
    const samples = await Promise.all([makeCert({ cn: 'flip', dns: ['flip.local'] }), makeCert({ cn: 'flip CA', ca: true }), makeCert({ cn: 'flip ec', key: 'ec-p256' })]);
    const wrong: string[] = [];
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      const sample = samples[i % samples.length].der;
      const bytes = Buffer.from(sample);
      // As the hostile corpus does: a bit in the header, sometimes more anywhere.
      if (i % 2 === 0) bytes[rng.int(0, 7)] ^= 1 << rng.int(0, 7);
      for (let k = rng.int(1, 2); k > 0; k--) bytes[rng.int(0, bytes.length - 1)] ^= 1 << rng.int(0, 7);
      const theirs = opensslReads(bytes);
      const defect = derDefect(bytes, 'certificate');
      const listed = decodeFile(bytes).items.some((item) => item.type === 'certificate');
      if (!theirs) refused++;
      if (listed && !theirs) wrong.push(`read although OpenSSL refuses: ${bytes.toString('base64')}`);
      // Bytes after the object are the one refusal on purpose (see above).
      if (theirs && defect && !defect.endsWith('after the end of the DER object')) wrong.push(`refused (${defect}) although OpenSSL reads: ${bytes.toString('base64')}`);
    }
    console.log(`bit flips (seed ${seed}): 3000 variants, ${refused} refused by OpenSSL`);
    expect(refused).toBeGreaterThan(300);
    expect(wrong.slice(0, 3)).toEqual([]);
  });
});
