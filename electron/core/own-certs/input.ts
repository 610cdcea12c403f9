import net from 'node:net';
import { ASSIGNMENT_SECURITY_MODES, OWN_CERT_KEY_SIZES, type AssignmentSecurityMode, type OwnCertKeySize } from '../../../shared/types/own-certs';
import { TrustError } from '../errors';

export const DEFAULT_VALIDITY_DAYS = 730;
export const MAX_VALIDITY_DAYS = 7300;

const CONTROL = /[\u0000-\u001f\u007f]/;
// Subject values go through node-opcua-crypto's "/CN=…/O=…" syntax and then an RFC 4514 parser: these would split them.
const SUBJECT_UNSAFE = /[/=,+"\\<>;#]/;
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s"<>\\^`{|}]+$/;
const ENDPOINT = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/\s?#]+)([^\s]*)$/;

const invalid = (message: string) => new TrustError('INVALID_INPUT', message);

/** A display name: trimmed, 1–100 characters, no control characters. */
export function checkName(value: unknown, what = 'name'): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) throw invalid(`a ${what} is needed`);
  if (text.length > 100 || CONTROL.test(text)) throw invalid(`the ${what} must be 1–100 printable characters`);
  return text;
}

export function checkDescription(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string' || value.length > 500 || /[\u0000-\u0008\u000b-\u001f\u007f]/.test(value)) throw invalid('the description must be text of at most 500 characters');
  return value.trim();
}

/** A value that goes into the certificate subject (CN, O). */
export function checkSubjectValue(value: unknown, what: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text || text.length > 64) throw invalid(`the ${what} must be 1–64 characters`);
  if (CONTROL.test(text) || SUBJECT_UNSAFE.test(text)) throw invalid(`the ${what} "${text}" may not contain / = , + " \\ < > ; #`);
  return text;
}

export function checkHostnames(values: unknown): string[] {
  if (values === undefined) return [];
  if (!Array.isArray(values)) throw invalid('hostnames must be a list');
  const result = values.map((v) => (typeof v === 'string' ? v.trim() : ''));
  for (const host of result) if (!HOSTNAME.test(host) || net.isIP(host)) throw invalid(`"${host}" is not a host name (IP addresses go to the IP list)`);
  return [...new Set(result)];
}

export function checkIps(values: unknown): string[] {
  if (values === undefined) return [];
  if (!Array.isArray(values)) throw invalid('IP addresses must be a list');
  const result = values.map((v) => (typeof v === 'string' ? v.trim() : ''));
  for (const ip of result) if (net.isIP(ip) === 0) throw invalid(`"${ip}" is not an IPv4 or IPv6 address`);
  return [...new Set(result)];
}

export function checkApplicationUri(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!URI.test(text) || text.length > 400) throw invalid(`"${text}" is not a URI (e.g. urn:host:MyApp)`);
  return text;
}

export function checkKeySize(value: unknown, fallback: OwnCertKeySize): OwnCertKeySize {
  if (value === undefined) return fallback;
  if (!OWN_CERT_KEY_SIZES.includes(value as OwnCertKeySize)) throw invalid(`the key size must be one of ${OWN_CERT_KEY_SIZES.join(', ')} bits`);
  return value as OwnCertKeySize;
}

export function checkValidityDays(value: unknown, fallback = DEFAULT_VALIDITY_DAYS): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > MAX_VALIDITY_DAYS) throw invalid(`the validity must be 1–${MAX_VALIDITY_DAYS} days`);
  return value as number;
}

export function checkSecurityMode(value: unknown): AssignmentSecurityMode {
  if (!ASSIGNMENT_SECURITY_MODES.includes(value as AssignmentSecurityMode)) throw invalid(`the security mode must be ${ASSIGNMENT_SECURITY_MODES.join(' or ')} (None needs no certificate)`);
  return value as AssignmentSecurityMode;
}

/** `opc.tcp://PLC-7:4840/` and `opc.tcp://plc-7:4840` name the same connection. */
export function normalizeEndpointUrl(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  const match = ENDPOINT.exec(text);
  if (!match || text.length > 1000) throw invalid(`"${text}" is not an endpoint URL (e.g. opc.tcp://host:4840)`);
  const [, scheme, authority, rest] = match;
  return `${scheme.toLowerCase()}://${authority.toLowerCase()}${rest.replace(/\/+$/, '')}`;
}
