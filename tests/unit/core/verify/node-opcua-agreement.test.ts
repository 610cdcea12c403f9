/**
 * Agreement with a real stack: node-opcua-pki's CertificateManager judges every case on the same
 * folder. Where node-opcua deviates from Part 4, our engine keeps the Part 4 verdict and the
 * deviation is recorded below, as data.
 */
import { X509Certificate } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CertificateManager } from 'node-opcua-pki';
import { beforeAll, describe, expect, it } from 'vitest';
import { PkiStore } from '../../../../electron/core/pki/store';
import { NODE_OPCUA_DIFFERENCES } from '../../../../electron/core/verify/stack-notes';
import { verifyCertificate } from '../../../../electron/core/verify/verify-certificate';
import { decodeFile } from '../../../../electron/core/x509/decode';
import type { VerifyContext } from '../../../../shared/types/verify';
import { arrangeCase, buildWorld, CASES, type World } from './cases';

interface Deviation {
  case: string;
  part4: string;
  nodeOpcua: string;
}

/** Where node-opcua-pki 7's CertificateManager.verifyCertificate differs from Part 4 (and from us). */
const DEVIATIONS: Deviation[] = [
  { case: 'an impostor intermediate: same name, another key', part4: 'BadCertificateChainIncomplete', nodeOpcua: 'BadCertificateChainIncomplete' },
];

/** The CertificateManager options a node-opcua application would set for the same judge. */
function nodeOpcuaOptions(context: VerifyContext, caTrusted: boolean) {
  const suppress = new Set(context.suppress ?? []);
  return {
    acceptCertificateWithValidIssuerChain: caTrusted,
    acceptOutdatedCertificate: suppress.has('timeInvalid'),
    acceptPendingCertificate: suppress.has('timeInvalid'),
    acceptOutDatedIssuerCertificate: suppress.has('issuerTimeInvalid'),
    ignoreMissingRevocationList: suppress.has('revocationUnknown') || suppress.has('issuerRevocationUnknown'),
  };
}

let world: World;
const measured = new Map<string, { part4: string; nodeOpcua: string }>();

beforeAll(async () => {
  world = await buildWorld();
});

async function nodeOpcuaVerdict(root: string, certificate: Buffer, options: ReturnType<typeof nodeOpcuaOptions>): Promise<string> {
  // A key of our own, so that initialize() does not generate one (slow) in the store.
  mkdirSync(path.join(root, 'own/private'), { recursive: true });
  writeFileSync(path.join(root, 'own/private/private_key.pem'), world.leaf.keyPem, { mode: 0o600 });
  const cm = new CertificateManager({ location: root });
  await cm.initialize();
  try {
    const ders = decodeFile(certificate).items.flatMap((i) => (i.type === 'certificate' ? [i.der] : []));
    return await cm.verifyCertificate(ders.length ? Buffer.concat(ders) : certificate, options);
  } finally {
    await cm.dispose();
  }
}

describe('agreement with node-opcua-pki CertificateManager.verifyCertificate', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (name, c) => {
    const { root, certificate, context, store } = await arrangeCase(c, world);
    const ours = verifyCertificate(PkiStore.open(root), certificate, context).verdict;
    const caTrusted = (store.trusted ?? []).some((t) => new X509Certificate(t.der).ca);
    const theirs = await nodeOpcuaVerdict(root, certificate, nodeOpcuaOptions(context, caTrusted));
    measured.set(name, { part4: ours, nodeOpcua: theirs });
    const deviation = DEVIATIONS.find((d) => d.case === name);
    expect(ours).toBe(c.verdict);
    expect(theirs).toBe(deviation ? deviation.nodeOpcua : ours);
    if (deviation) expect(ours).toBe(deviation.part4);
  });

  it('records every deviation as a case of its own, and only real deviations', () => {
    const differing = CASES.filter((c) => measured.get(c.name) && measured.get(c.name)!.part4 !== measured.get(c.name)!.nodeOpcua).map((c) => ({ case: c.name, ...measured.get(c.name)! }));
    console.log(JSON.stringify(differing, null, 1));
    expect(differing).toEqual(DEVIATIONS);
  });

  it('explains each kind of deviation in the notes our verdict carries', () => {
    for (const d of DEVIATIONS) expect(NODE_OPCUA_DIFFERENCES[d.part4 as keyof typeof NODE_OPCUA_DIFFERENCES], d.case).toBeDefined();
  });
});
