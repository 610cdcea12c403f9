/** The OPC UA status codes our users meet around certificates, with their hex values (OPC UA Part 4/6). */
export const CERTIFICATE_STATUS_CODES = {
  Good: 0x00000000,
  BadCertificateInvalid: 0x80120000,
  BadSecurityChecksFailed: 0x80130000,
  BadCertificateTimeInvalid: 0x80140000,
  BadCertificateIssuerTimeInvalid: 0x80150000,
  BadCertificateHostNameInvalid: 0x80160000,
  BadCertificateUriInvalid: 0x80170000,
  BadCertificateUseNotAllowed: 0x80180000,
  BadCertificateIssuerUseNotAllowed: 0x80190000,
  BadCertificateUntrusted: 0x801a0000,
  BadCertificateRevocationUnknown: 0x801b0000,
  BadCertificateIssuerRevocationUnknown: 0x801c0000,
  BadCertificateRevoked: 0x801d0000,
  BadCertificateIssuerRevoked: 0x801e0000,
  BadCertificateChainIncomplete: 0x810d0000,
  BadCertificatePolicyCheckFailed: 0x81140000,
  BadSecurityPolicyRejected: 0x80550000,
  BadUserAccessDenied: 0x801f0000,
  BadIdentityTokenInvalid: 0x80200000,
  BadIdentityTokenRejected: 0x80210000,
  BadTimeout: 0x800a0000,
  BadCommunicationError: 0x80050000,
  BadConnectionRejected: 0x80ac0000,
  BadTcpEndpointUrlInvalid: 0x80830000,
  BadNotConnected: 0x808a0000,
} as const;

export type CertificateStatusName = keyof typeof CERTIFICATE_STATUS_CODES;

/** "0x801A0000": the form engineers find in logs and manuals. */
export function statusHex(name: CertificateStatusName): string {
  return `0x${CERTIFICATE_STATUS_CODES[name].toString(16).toUpperCase().padStart(8, '0')}`;
}

export function isStatusName(name: string): name is CertificateStatusName {
  return Object.prototype.hasOwnProperty.call(CERTIFICATE_STATUS_CODES, name);
}
