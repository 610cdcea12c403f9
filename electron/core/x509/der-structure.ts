/**
 * A strict check of a certificate's or CRL's encoding, before node-opcua-crypto reads it. That
 * reader follows the blocks it needs and trusts each length and tag, so a flipped bit can leave a
 * file it still reads although OpenSSL (whose decoder most stacks share) refuses it: blocks that
 * overlap or run past their parent, a validity that is no SEQUENCE, a broken OID. The rules here are
 * the ones OpenSSL applies (found by flipping bits of real certificates and asking both, see
 * tests/unit/core/x509/der-structure.test.ts), no stricter: it takes, for example, a Name or the
 * extension list in primitive form, and so does this check.
 */

/** Thrown by the checks; its message is the reason shown. */
class DerDefect extends Error {}

/** Deeper than any certificate or CRL nests (they reach about 8). */
const MAX_DEPTH = 32;

/**
 * Why the bytes are not one well-formed certificate (or CRL), or null when they are: first the
 * nesting and the simple types (BOOLEAN, INTEGER, BIT STRING, NULL, OID), then the tags and number
 * of the parts X.509 (RFC 5280 §4.1, §5.1) puts at each place. Times and extension values are left
 * to the readers, as OpenSSL leaves them.
 */
export function derDefect(der: Uint8Array, type: 'certificate' | 'crl'): string | null {
  try {
    const end = walk(der, 0, der.length, 0);
    // OpenSSL would read the first object and ignore the rest; node-opcua-crypto refuses it, and so do we.
    if (end !== der.length) return `${der.length - end} byte${der.length - end === 1 ? '' : 's'} after the end of the DER object`;
    if (type === 'certificate') certificateSchema(der);
    else crlSchema(der);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Reads the block at `at` (which must end by `limit`), checks its children, and returns where it ends. */
function walk(der: Uint8Array, at: number, limit: number, depth: number): number {
  if (depth > MAX_DEPTH) throw new DerDefect('nested too deeply to be a certificate');
  const { tag, content, end } = header(der, at, limit);
  // OpenSSL reads a SEQUENCE OF or SET OF in primitive form (0x10, 0x11) too, children and all.
  if (tag & 0x20 || tag === 0x10 || tag === 0x11) {
    if (PRIMITIVE_ONLY.has(tag & 0x1f) && !(tag & 0xc0)) throw new DerDefect(`DER block at byte ${at} is a constructed ${NAMES[tag & 0x1f]}`);
    let child = content;
    while (child < end) child = walk(der, child, end, depth + 1);
  } else if (!(tag & 0xc0)) {
    const defect = primitiveDefect(der, tag, content, end);
    if (defect) throw new DerDefect(`${defect} at byte ${at}`);
  }
  return end;
}

interface Block {
  tag: number;
  /** Where the content starts and the block ends. */
  content: number;
  end: number;
}

/** The tag and extent of the block at `at`, which must end by `limit`. */
function header(der: Uint8Array, at: number, limit: number): Block {
  if (at >= limit) throw new DerDefect(`DER block expected at byte ${at}, found the end of its parent`);
  const tag = der[at];
  let p = at + 1;
  if ((tag & 0x1f) === 0x1f) {
    // High tag numbers: base-128 digits, the last without bit 8.
    while (p < limit && der[p] & 0x80) p++;
    p++;
  }
  if (p >= limit) throw new DerDefect(`DER block at byte ${at} is cut off in its header`);
  const first = der[p++];
  let length = first;
  if (first === 0x80) throw new DerDefect(`DER block at byte ${at} has an indefinite length (not DER)`);
  if (first > 0x80) {
    const count = first & 0x7f;
    if (count > 4 || p + count > limit) throw new DerDefect(`DER block at byte ${at} has a broken length`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[p++];
  }
  const end = p + length;
  if (end > limit) throw new DerDefect(`DER block at byte ${at} is ${end - limit} bytes longer than what holds it`);
  return { tag, content: p, end };
}

const NAMES: Record<number, string> = { 1: 'BOOLEAN', 2: 'INTEGER', 3: 'BIT STRING', 5: 'NULL', 6: 'OBJECT IDENTIFIER' };
const PRIMITIVE_ONLY = new Set([1, 2, 5, 6]);

/** What is wrong with the content of a universal primitive block, as OpenSSL's decoder sees it. */
function primitiveDefect(der: Uint8Array, tag: number, start: number, end: number): string | null {
  const length = end - start;
  switch (tag) {
    case 0x01:
      return length === 1 ? null : 'a BOOLEAN of the wrong length';
    case 0x02:
      if (length === 0) return 'an empty INTEGER';
      return length > 1 && ((der[start] === 0 && der[start + 1] < 0x80) || (der[start] === 0xff && der[start + 1] >= 0x80)) ? 'an INTEGER with padding' : null;
    case 0x03:
      return length > 0 && der[start] <= 7 ? null : 'a BIT STRING with a broken unused-bits count';
    case 0x05:
      return length === 0 ? null : 'a NULL with content';
    case 0x06:
      if (length === 0 || der[end - 1] & 0x80) return 'a broken OBJECT IDENTIFIER';
      for (let i = start; i < end; i++) if (der[i] === 0x80 && (i === start || !(der[i - 1] & 0x80))) return 'a broken OBJECT IDENTIFIER';
      return null;
    default:
      return null;
  }
}

/** The blocks inside `parent` (the walk has checked that they fill it exactly). */
function childrenOf(der: Uint8Array, parent: Block): Block[] {
  const out: Block[] = [];
  for (let at = parent.content; at < parent.end; at = out[out.length - 1].end) out.push(header(der, at, parent.end));
  return out;
}

const SEQUENCE = 0x30;
const SET = 0x31;
/** The primitive forms OpenSSL also takes where a SEQUENCE OF or SET OF is expected. */
const SEQUENCE_OF = [SEQUENCE, 0x10];
const SET_OF = [SET, 0x11];
/** Universal types OpenSSL takes as a name's value (its B_ASN1_PRINTABLE: strings, BIT STRING, SEQUENCE and the types it does not know). */
const NAME_VALUE_TYPES = new Set([3, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 22, 28, 29, 30]);
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;
const BOOLEAN = 0x01;
const OID = 0x06;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;

const hex = (tag: number) => `0x${tag.toString(16).padStart(2, '0')}`;

/** Takes the next block from `blocks`, which must have one of the tags (or, when optional, is skipped). */
function take(blocks: Block[], what: string, tags: number[], optional = false): Block | null {
  const next = blocks[0];
  if (next && tags.includes(next.tag)) return blocks.shift() ?? null;
  if (optional) return null;
  throw new DerDefect(next ? `${what} has tag ${hex(next.tag)}` : `${what} is missing`);
}

function noMore(blocks: Block[], where: string): void {
  if (blocks.length > 0) throw new DerDefect(`${where} has an unexpected block (tag ${hex(blocks[0].tag)})`);
}

function algorithm(der: Uint8Array, blocks: Block[], what: string): void {
  const parts = childrenOf(der, take(blocks, what, [SEQUENCE]) as Block);
  take(parts, `${what}'s algorithm`, [OID]);
  if (parts.length > 1) throw new DerDefect(`${what} has ${parts.length + 1} parts`);
}

function name(der: Uint8Array, blocks: Block[], what: string): void {
  for (const rdn of childrenOf(der, take(blocks, what, SEQUENCE_OF) as Block)) {
    if (!SET_OF.includes(rdn.tag)) throw new DerDefect(`${what} has a part with tag ${hex(rdn.tag)}`);
    for (const attribute of childrenOf(der, rdn)) {
      const parts = attribute.tag === SEQUENCE ? childrenOf(der, attribute) : [];
      if (parts.length !== 2 || parts[0].tag !== OID) throw new DerDefect(`${what} has a broken attribute`);
      const value = parts[1].tag;
      if (value & 0xc0 || !NAME_VALUE_TYPES.has(value & 0x1f)) throw new DerDefect(`${what} has a value of tag ${hex(value)}, which is no string`);
    }
  }
}

function time(blocks: Block[], what: string, optional = false): void {
  take(blocks, what, [UTC_TIME, GENERALIZED_TIME], optional);
}

/** An explicit [n] holding the extensions' SEQUENCE, when present. */
function extensions(der: Uint8Array, holder: Block | null, what: string): void {
  if (!holder) return;
  const inner = childrenOf(der, holder);
  extensionList(der, take(inner, what, SEQUENCE_OF) as Block);
  noMore(inner, what);
}

function extensionList(der: Uint8Array, list: Block): void {
  for (const extension of childrenOf(der, list)) {
    if (extension.tag !== SEQUENCE) throw new DerDefect(`an extension has tag ${hex(extension.tag)}`);
    const parts = childrenOf(der, extension);
    take(parts, `an extension's identifier`, [OID]);
    take(parts, `an extension's critical flag`, [BOOLEAN], true);
    // A constructed OCTET STRING (BER) is taken by OpenSSL as well.
    take(parts, `an extension's value`, [OCTET_STRING, OCTET_STRING | 0x20]);
    noMore(parts, 'an extension');
  }
}

/** Signed { tbs, algorithm, signature }: returns the tbs's blocks. */
function signed(der: Uint8Array, what: string): Block[] {
  const top = [header(der, 0, der.length)];
  const parts = childrenOf(der, take(top, what, [SEQUENCE]) as Block);
  const tbs = take(parts, `the ${what}'s signed part`, [SEQUENCE]) as Block;
  algorithm(der, parts, 'the signature algorithm');
  take(parts, 'the signature', [BIT_STRING]);
  noMore(parts, `the ${what}`);
  return childrenOf(der, tbs);
}

function certificateSchema(der: Uint8Array): void {
  const tbs = signed(der, 'certificate');
  const version = take(tbs, 'the version', [0xa0], true);
  if (version && childrenOf(der, version).map((b) => b.tag).join() !== `${INTEGER}`) throw new DerDefect('the version is not one INTEGER');
  take(tbs, 'the serial number', [INTEGER]);
  algorithm(der, tbs, 'the signature algorithm (signed part)');
  name(der, tbs, 'the issuer');
  const validity = childrenOf(der, take(tbs, 'the validity', [SEQUENCE]) as Block);
  time(validity, 'notBefore');
  time(validity, 'notAfter');
  noMore(validity, 'the validity');
  name(der, tbs, 'the subject');
  const key = childrenOf(der, take(tbs, 'the public key', [SEQUENCE]) as Block);
  algorithm(der, key, 'the public key algorithm');
  take(key, 'the public key bits', [BIT_STRING]);
  noMore(key, 'the public key');
  take(tbs, 'the issuer unique id', [0x81], true);
  take(tbs, 'the subject unique id', [0x82], true);
  extensions(der, take(tbs, 'the extensions', [0xa3], true), 'the extensions');
  noMore(tbs, 'the signed part');
}

function crlSchema(der: Uint8Array): void {
  const tbs = signed(der, 'CRL');
  take(tbs, 'the version', [INTEGER], true);
  algorithm(der, tbs, 'the signature algorithm (signed part)');
  name(der, tbs, 'the issuer');
  time(tbs, 'thisUpdate');
  time(tbs, 'nextUpdate', true);
  const revoked = take(tbs, 'the revoked list', [SEQUENCE], true);
  for (const entry of revoked ? childrenOf(der, revoked) : []) {
    const parts = entry.tag === SEQUENCE ? childrenOf(der, entry) : [];
    take(parts, `a revoked entry's serial number`, [INTEGER]);
    time(parts, `a revoked entry's date`);
    const entryExtensions = take(parts, `a revoked entry's extensions`, [SEQUENCE], true);
    if (entryExtensions) extensionList(der, entryExtensions);
    noMore(parts, 'a revoked entry');
  }
  extensions(der, take(tbs, 'the extensions', [0xa0], true), 'the extensions');
  noMore(tbs, 'the signed part');
}
