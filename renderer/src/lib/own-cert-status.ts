import type { OwnCertStatus, OwnCertView } from '../../../shared/types/own-certs';

export const OWN_STATUS_TEXT: Record<OwnCertStatus, string> = {
  valid: 'Valid',
  'expiring-soon': 'Expiring soon',
  expired: 'Expired',
  'missing-files': 'Missing files',
};

export const OWN_STATUS_COLOR: Record<OwnCertStatus, 'success' | 'warning' | 'error'> = {
  valid: 'success',
  'expiring-soon': 'warning',
  expired: 'error',
  'missing-files': 'error',
};

/** "in 29 days", "today", "expired 3 days ago": what the Expires column says next to the date. */
export function expiresText(view: Pick<OwnCertView, 'expiresInDays'>): string {
  const days = view.expiresInDays;
  if (days === null) return '';
  if (days === 0) return 'today';
  if (days > 0) return `in ${days} day${days === 1 ? '' : 's'}`;
  return `${-days} day${days === -1 ? '' : 's'} ago`;
}

/** The ApplicationUri a new certificate gets unless the user types another: `urn:<host>:<application name>`. */
export function defaultApplicationUri(hostname: string, applicationName: string): string {
  return `urn:${hostname.trim() || 'localhost'}:${applicationName.trim() || 'OpcUaTrustManager'}`;
}

/** Host names and IP addresses typed in one field, split on commas, semicolons and spaces. */
export function splitHosts(text: string): { hostnames: string[]; ips: string[] } {
  const items = [...new Set(text.split(/[\s,;]+/).filter(Boolean))];
  const isIp = (s: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(s) || (s.includes(':') && /^[0-9a-f:]+$/i.test(s));
  return { hostnames: items.filter((s) => !isIp(s)), ips: items.filter(isIp) };
}
