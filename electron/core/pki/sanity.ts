import { decodeFile, describe, type DecodedFile, type DecodedItem } from '../x509/decode';
import type { ParsedCertificate, ParsedCrl } from '../x509/parse';

/**
 * Limits that keep a hostile file in a store from hurting the reader: files are written by
 * servers, other tools and anyone with access to the folder, so nothing in them is trusted.
 */

/** An application certificate names a handful of hosts; thousands are an attack on the reader, not a certificate. */
export const MAX_SUBJECT_ALT_NAMES = 1000;
/** A trust list file holds a certificate, or a chain or bundle of a few; each one is parsed, so they are counted first. */
export const MAX_ITEMS_PER_FILE = 1000;

// Linear: a label run cannot hold a dash, so the runs tried after each marker never overlap.
const PEM_MARKER = /-----(BEGIN|END) ([A-Z0-9 ]+)-----/g;

/**
 * The well-formed BEGIN…END blocks of a PEM text, found in one linear pass, and what is wrong
 * with the rest. A backtracking block regex is quadratic on BEGIN lines without END (a 1 MB file
 * would take minutes), so the decoder only ever sees complete blocks.
 */
function pemBlocks(text: string): { blocks: string[]; problems: string[] } {
  const blocks: string[] = [];
  const problems = new Set<string>();
  let open: { label: string; start: number } | null = null;
  for (const marker of text.matchAll(PEM_MARKER)) {
    const [whole, kind, label] = marker;
    if (kind === 'BEGIN') {
      if (open) problems.add(`PEM block "${open.label}" has no END line`);
      open = { label, start: marker.index };
    } else if (open?.label === label) {
      blocks.push(text.slice(open.start, marker.index + whole.length));
      open = null;
    } else {
      problems.add(open ? `PEM block "${open.label}" ends with "END ${label}"` : `"END ${label}" line without its BEGIN line`);
      open = null;
    }
  }
  if (open) problems.add(`PEM block "${open.label}" has no END line`);
  return { blocks, problems: [...problems] };
}

/** `decodeFile` made safe for any bytes: bounded time on broken PEM, and never a throw (deep nesting overflows the parser's stack). */
export function decodeSafely(bytes: Buffer): DecodedFile {
  const head = bytes.subarray(0, 4096).toString('latin1');
  let input = bytes;
  let problems: string[] = [];
  if (head.includes('-----BEGIN ')) {
    const found = pemBlocks(bytes.toString('latin1'));
    problems = found.problems;
    if (problems.length > 0) input = Buffer.from(found.blocks.join('\n'), 'latin1');
  }
  const broken: DecodedItem[] = problems.map((reason) => ({ type: 'invalid', reason }));
  if (problems.length > 0 && input.length === 0) return { format: 'pem', items: broken };
  try {
    const decoded = decodeFile(input);
    if (decoded.items.length > MAX_ITEMS_PER_FILE) {
      return { format: decoded.format, items: [{ type: 'invalid', reason: `holds ${decoded.items.length.toLocaleString('en')} objects (a certificate file holds a few): refused as hostile` }] };
    }
    return { format: decoded.format, items: [...decoded.items, ...broken] };
  } catch (error) {
    const reason = error instanceof RangeError ? 'nested too deeply to be a certificate' : `cannot be decoded: ${describe(error)}`;
    return { format: 'der', items: [...broken, { type: 'invalid', reason }] };
  }
}

const validDate = (d: Date | null) => d === null || !Number.isNaN(d.getTime());

/** Why a parsed certificate cannot be shown as one, or null when it can. */
export function certificateDefect(parsed: ParsedCertificate): string | null {
  if (!validDate(parsed.notBefore) || !validDate(parsed.notAfter)) return 'malformed certificate: its validity dates cannot be read';
  const names = parsed.dns.length + parsed.ip.length;
  if (names > MAX_SUBJECT_ALT_NAMES) return `lists ${names.toLocaleString('en')} names in subjectAltName (an application certificate has a few): refused as hostile`;
  return null;
}

/** Why a parsed CRL cannot be shown as one, or null when it can. */
export function crlDefect(parsed: ParsedCrl): string | null {
  return validDate(parsed.thisUpdate) && validDate(parsed.nextUpdate) ? null : 'malformed CRL: its update dates cannot be read';
}
