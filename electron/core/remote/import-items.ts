/** Files given to Import on a remote store, decoded into what can be sent to the server. */
import type { ImportResult } from '../../../shared/types/changes';
import { decodeFile, describe } from '../x509/decode';
import { parseCertificate, parseCrl } from '../x509/parse';
import type { MirrorItem } from './trust-list-plan';

/**
 * One result per certificate / CRL / unusable part of each file; `items` are what can be sent,
 * `pending[i]` the index of the result that waits for `items[i]`'s outcome.
 */
export function decodeImports(files: { name: string; base64: string }[]): { results: ImportResult[]; items: MirrorItem[]; pending: number[] } {
  const results: ImportResult[] = [];
  const items: MirrorItem[] = [];
  const pending: number[] = [];
  for (const file of files) {
    for (const item of decodeFile(Buffer.from(file.base64, 'base64')).items) {
      if (item.type === 'private-key') {
        results.push({ source: file.name, status: 'failed', message: 'a private key: not imported into a trust list' });
        continue;
      }
      if (item.type === 'invalid') {
        results.push({ source: file.name, status: 'failed', message: `not a certificate or CRL: ${item.reason}` });
        continue;
      }
      let id: string;
      try {
        id = item.type === 'certificate' ? parseCertificate(item.der).sha256 : parseCrl(item.der).sha256;
      } catch (error) {
        results.push({ source: file.name, status: 'failed', message: `malformed ${item.type}: ${describe(error)}` });
        continue;
      }
      pending.push(results.length);
      results.push({ source: file.name, status: 'failed', kind: item.type, id, message: 'not sent' });
      items.push({ kind: item.type, folder: 'trusted', der: item.der });
    }
  }
  return { results, items, pending };
}
