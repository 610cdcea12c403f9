import type { AssignmentSecurityMode, CertificateChoice, OwnCertAssignment } from '../../../shared/types/own-certs';
import { TrustError } from '../errors';
import { absolute, findRecord, mutate, readRecords, type OwnCertContext } from './context';
import { loadRecords } from './registry-file';
import { checkSecurityMode, normalizeEndpointUrl } from './input';
import { makeDefault } from './lifecycle';
import { viewOf } from './view';

/** Makes a certificate the default: connections without an assignment use it. Refused when its files are missing. */
export function setDefaultOwnCertificate(context: OwnCertContext, ref: string): void {
  mutate(context, (records) => {
    const record = findRecord(context, records, ref);
    const view = viewOf(context, record);
    if (view.statuses.includes('missing-files')) throw new TrustError('CONFLICT', `"${record.name}" cannot be the default: ${view.fileProblems.join('; ')}`);
    makeDefault(records, record);
    record.updatedAt = new Date().toISOString();
  });
}

/**
 * Assigns a certificate to a connection (endpoint URL) with Sign or SignAndEncrypt. A connection has
 * one certificate: an assignment to another certificate moves it. Returns the assignment as stored.
 */
export function assignOwnCertificate(context: OwnCertContext, ref: string, endpointUrl: string, securityMode: AssignmentSecurityMode): OwnCertAssignment {
  const assignment: OwnCertAssignment = { connection: normalizeEndpointUrl(endpointUrl), securityMode: checkSecurityMode(securityMode) };
  mutate(context, (records) => {
    const record = findRecord(context, records, ref);
    for (const r of records) r.assignments = r.assignments.filter((a) => a.connection !== assignment.connection);
    record.assignments.push(assignment);
    record.updatedAt = new Date().toISOString();
  });
  return assignment;
}

/** Removes a connection's assignment (it then uses the default); false when it had none. */
export function unassignConnection(context: OwnCertContext, endpointUrl: string): boolean {
  const connection = normalizeEndpointUrl(endpointUrl);
  return mutate(context, (records) => {
    let found = false;
    for (const r of records) {
      const kept = r.assignments.filter((a) => a.connection !== connection);
      if (kept.length !== r.assignments.length) {
        found = true;
        r.assignments = kept;
        r.updatedAt = new Date().toISOString();
      }
    }
    return found;
  });
}

/** The certificate and key a connection to this endpoint uses: the one assigned to it, else the default. */
export function certificateFor(context: OwnCertContext, endpointUrl: string): CertificateChoice {
  const connection = normalizeEndpointUrl(endpointUrl);
  const records = readRecords(context);
  let source: CertificateChoice['source'] = 'assigned';
  let record = records.find((r) => r.assignments.some((a) => a.connection === connection));
  if (!record) {
    source = 'default';
    record = records.find((r) => r.isDefault);
  }
  if (!record) throw new TrustError('NOT_FOUND', 'there is no own certificate yet: generate or upload one');
  return {
    id: record.id,
    name: record.name,
    source,
    securityMode: record.assignments.find((a) => a.connection === connection)?.securityMode ?? null,
    certificateFile: absolute(context, record.certificateFile),
    privateKeyFile: absolute(context, record.privateKeyFile),
    applicationUri: record.applicationUri,
    statuses: viewOf(context, record).statuses,
  };
}

/**
 * The security mode assigned with a connection's certificate, null without an assignment. Reads the
 * registry without adopting the first-start identity, so that a test connection writes nothing.
 */
export function assignedSecurityMode(context: OwnCertContext, endpointUrl: string): AssignmentSecurityMode | null {
  let connection: string;
  try {
    connection = normalizeEndpointUrl(endpointUrl);
  } catch {
    return null;
  }
  try {
    for (const record of loadRecords(context.folders)) {
      const assignment = record.assignments.find((a) => a.connection === connection);
      if (assignment) return assignment.securityMode;
    }
  } catch {
    // A damaged list: the connection picks its mode as if nothing were assigned (the view shows the damage).
  }
  return null;
}
