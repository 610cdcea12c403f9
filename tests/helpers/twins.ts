import { createHash } from "node:crypto";

/**
 * Two certificates whose SHA-1 thumbprints share their first 8 hex digits: the given DER with the
 * last 4 bytes of its signature changed (parsers still read it; signatures are not checked when
 * listing). A birthday search: ~80,000 hashes on average, bounded.
 */
export function certsWithSameSha1Prefix(rsaDer: Buffer): [Buffer, Buffer] {
  const variant = (i: number) => {
    const copy = Buffer.from(rsaDer);
    copy.writeUInt32BE(i, copy.length - 4);
    return copy;
  };
  const scratch = Buffer.from(rsaDer);
  const seen = new Map<number, number>();
  for (let i = 0; i < 1 << 22; i++) {
    scratch.writeUInt32BE(i, scratch.length - 4);
    const prefix = createHash("sha1").update(scratch).digest().readUInt32BE(0);
    const earlier = seen.get(prefix);
    if (earlier !== undefined) return [variant(earlier), variant(i)];
    seen.set(prefix, i);
  }
  throw new Error("no two thumbprints with the same 8-digit prefix in 4 million tries");
}
