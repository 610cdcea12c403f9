/**
 * node-opcua-crypto's whole index — key and certificate generation, CSRs, CRL signing, PKCS#12,
 * @peculiar/x509 — imported on first use: ~300 ms that a start, which only reads stores
 * (crypto-light.ts), does not pay.
 */
type CryptoLib = typeof import('node-opcua-crypto');

let loading: Promise<CryptoLib> | null = null;

export function cryptoLib(): Promise<CryptoLib> {
  loading ??= import('node-opcua-crypto');
  return loading;
}
