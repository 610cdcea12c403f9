import type { ChainCertificate, StoreMaterial } from './material';

/** Longer chains are not built: real PKIs have 2–4 levels, and the bound stops loops of cross-signed CAs. */
export const MAX_CHAIN_LENGTH = 8;
/** Alternative paths explored through cross-signed issuers before the best one is taken. */
const MAX_PATHS = 64;

export interface BuiltChain {
  /** Leaf first. */
  links: ChainCertificate[];
  /** Ends at a self-issued root. */
  complete: boolean;
  /**
   * Per link: does the next link's key (its own for the root) verify its signature; null for the
   * last link of an incomplete chain, whose issuer is unknown.
   */
  signatures: (boolean | null)[];
  /** The issuer name that could not be found when incomplete. */
  missingIssuer: string | null;
  /** Certificates that carry the missing issuer's name but whose key did not sign (another CA of that name). */
  wrongKey: ChainCertificate[];
  /** Stopped at MAX_CHAIN_LENGTH. */
  tooLong: boolean;
  /** Some certificate had several issuers that verify it (a cross-signed CA): other paths existed. */
  crossSigned: boolean;
}

function isSelfIssued(certificate: ChainCertificate): boolean {
  return certificate.parsed.subjectKey === certificate.parsed.issuerKey;
}

/**
 * Builds the chain of `leaf` from the store's trusted and issuer certificates: issuers are matched by
 * subject name and then by signature, every path through cross-signed issuers is tried (bounded, no
 * certificate twice), and the best path wins: complete, correctly signed, anchored in trusted/,
 * issuers inside their validity, shortest.
 */
export function buildChain(leaf: ChainCertificate, material: StoreMaterial, now: Date): BuiltChain {
  const paths: BuiltChain[] = [];
  let crossSigned = false;
  const walk = (links: ChainCertificate[], signatures: boolean[]): void => {
    if (paths.length >= MAX_PATHS) return;
    const current = links[links.length - 1];
    const selfIssued = isSelfIssued(current);
    const ending = { links, missingIssuer: null, wrongKey: [], tooLong: false, crossSigned: false };
    if (selfIssued && material.signedBy(current, current)) {
      paths.push({ ...ending, complete: true, signatures: [...signatures, true] });
      return;
    }
    if (links.length >= MAX_CHAIN_LENGTH) {
      paths.push({ ...ending, complete: false, signatures: [...signatures, null], missingIssuer: current.parsed.issuer.text, tooLong: true });
      return;
    }
    const inChain = new Set(links.map((l) => l.parsed.sha256));
    const named = material.issuersNamed(current.parsed.issuerKey).filter((c) => !inChain.has(c.parsed.sha256));
    const verifying = named.filter((c) => material.signedBy(current, c));
    if (verifying.length === 0) {
      // A self-issued certificate whose own key fails is a broken root: the signature step says so.
      if (selfIssued) paths.push({ ...ending, complete: true, signatures: [...signatures, false] });
      else paths.push({ ...ending, complete: false, signatures: [...signatures, null], missingIssuer: current.parsed.issuer.text, wrongKey: named });
      return;
    }
    if (verifying.length > 1) crossSigned = true;
    for (const issuer of verifying) walk([...links, issuer], [...signatures, true]);
  };
  walk([leaf], []);
  const best = paths.reduce((chosen, path) => (compare(score(path, now), score(chosen, now)) > 0 ? path : chosen));
  return { ...best, crossSigned };
}

function score(chain: BuiltChain, now: Date): number[] {
  const issuers = chain.links.slice(1);
  const time = now.getTime();
  return [
    chain.complete ? 1 : 0,
    chain.signatures.every((s) => s !== false) ? 1 : 0,
    issuers.some((c) => c.folders.includes('trusted')) ? 1 : 0,
    issuers.every((c) => c.parsed.notBefore.getTime() <= time && time <= c.parsed.notAfter.getTime()) ? 1 : 0,
    -chain.links.length,
  ];
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
