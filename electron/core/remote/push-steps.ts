/**
 * The steps every remote operation is made of, over an open push session: read what the server
 * holds, write a trust list with the fewest calls, ApplyChanges when the server asks for it.
 */
import type { RemoteSnapshot } from './mirror';
import { PushError, TrustListMasks, type PushConnectOptions, type PushSession, type TrustListContent } from './push-types';
import { chooseWrite, copyTrustList, holds, listFor, type MirrorItem, type TrustListWrite } from './trust-list-plan';
import { withDeadline } from './push-failure';

export type OpenPushSession = (options: PushConnectOptions) => Promise<PushSession>;

/** The protocol's client, loaded on first use (it brings node-opcua). */
export async function loadPushClient(): Promise<OpenPushSession> {
  const client = await import('./protocol/push-client');
  return client.openPushSession;
}

/** Opens a session, runs `work`, always closes; a session that opens after its deadline is closed too. */
export async function runInSession<T>(opening: Promise<PushSession>, timeoutMs: number, work: (session: PushSession) => Promise<T>): Promise<T> {
  let session: PushSession;
  try {
    session = await withDeadline(opening, timeoutMs * 2, 'connect');
  } catch (error) {
    void opening.then((late) => late.close()).catch(() => undefined);
    throw error;
  }
  try {
    return await work(session);
  } finally {
    await withDeadline(session.close(), timeoutMs, 'close session').catch(() => undefined);
  }
}

/** Status codes meaning "this server has no rejected list to give": the rest of a read still counts. */
const NO_REJECTED_LIST = new Set(['BadNotImplemented', 'BadNotSupported', 'BadMethodInvalid', 'BadNodeIdUnknown']);

/** The server's certificate, whole trust list and rejected list. */
export async function readSnapshot(session: PushSession, timeoutMs: number): Promise<RemoteSnapshot> {
  const trustList = await withDeadline(session.readTrustList(TrustListMasks.All), timeoutMs, 'read trust list');
  let rejected: Buffer[] = [];
  try {
    rejected = await withDeadline(session.getRejectedList(), timeoutMs, 'GetRejectedList');
  } catch (error) {
    if (!(error instanceof PushError && error.status && NO_REJECTED_LIST.has(error.status))) throw error;
  }
  return { serverCertificate: session.serverCertificate, trustList, rejected };
}

const WRITE_WORDS: Record<TrustListWrite['type'], string> = {
  none: 'nothing to write',
  'add-certificate': 'AddCertificate',
  'remove-certificate': 'RemoveCertificate',
  write: 'writing the trust list',
};

/**
 * Makes the server's trust list `desired` (from `current`): AddCertificate / RemoveCertificate for
 * one certificate, else one Write + CloseAndUpdate; then ApplyChanges when the server asks for it.
 */
export async function writeTrustList(
  session: PushSession,
  current: TrustListContent,
  desired: TrustListContent,
  timeoutMs: number,
  onStep: (step: string) => void = () => undefined,
): Promise<{ write: TrustListWrite; applied: boolean }> {
  const write = chooseWrite(current, desired);
  if (write.type === 'none') return { write, applied: false };
  onStep(WRITE_WORDS[write.type]);
  let applyChangesRequired: boolean;
  if (write.type === 'add-certificate') ({ applyChangesRequired } = await withDeadline(session.addCertificate(write.der, write.trusted), timeoutMs, 'AddCertificate'));
  else if (write.type === 'remove-certificate') ({ applyChangesRequired } = await withDeadline(session.removeCertificate(write.sha1, write.trusted), timeoutMs, 'RemoveCertificate'));
  else ({ applyChangesRequired } = await withDeadline(session.writeTrustList(write.list), timeoutMs, 'write trust list'));
  if (!applyChangesRequired) return { write, applied: false };
  onStep('ApplyChanges');
  await withDeadline(session.applyChanges(), timeoutMs, 'ApplyChanges');
  return { write, applied: true };
}

/**
 * Adds certificates / CRLs to the trusted or issuers lists of a server (those already there are
 * left alone), then re-reads it; refuses a Good answer whose re-read list lacks an item.
 */
export async function addToTrustList(
  session: PushSession,
  items: MirrorItem[],
  to: 'trusted' | 'issuers',
  timeoutMs: number,
  onStep: (step: string) => void = () => undefined,
): Promise<{ alreadyThere: boolean[]; applied: boolean; after: RemoteSnapshot }> {
  onStep('reading the trust list');
  const current = (await readSnapshot(session, timeoutMs)).trustList;
  const desired = copyTrustList(current);
  const alreadyThere = items.map((item) => {
    const list = listFor(item.kind, to);
    if (holds(desired, list, item.der)) return true;
    desired[list].push(item.der);
    return false;
  });
  const { applied } = await writeTrustList(session, current, desired, timeoutMs, onStep);
  onStep('re-reading the server');
  const after = await readSnapshot(session, timeoutMs);
  const missing = items.filter((item) => !holds(after.trustList, listFor(item.kind, to), item.der)).length;
  if (missing > 0) throw new PushError('re-read trust list', null, `the server answered Good, but ${missing} of ${items.length} item(s) are not in its ${to} list`);
  return { alreadyThere, applied, after };
}
