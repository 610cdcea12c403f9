import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isLayoutId, LAYOUTS, type LayoutId } from '../../shared/pki/layouts';
import { FOLDER_KINDS, type FolderKind } from '../../shared/types/cert';
import type { ChangeKind, SyncReport } from '../../shared/types/changes';
import { TrustError, ioError } from '../core/errors';
import { changesFor, syncChanges } from '../core/pki/changeset';
import { detectLayout } from '../core/pki/detect';
import { exportEntry, importIntoStore, readImportSources, type ImportTarget } from '../core/pki/import';
import { pruneRejected } from '../core/pki/prune';
import { PkiStore } from '../core/pki/store';
import { StoreWatcher } from '../core/pki/watch';
import { COMMANDS, UsageError, waitForStopSignal, type Command, type OptionSpec, type Output } from './command-registry';
import { certDetails, entriesTable, table } from './format';

export * from './command-registry';

const layoutOption: Record<string, OptionSpec> = { layout: { type: 'string', description: `layout profile (${LAYOUTS.map((l) => l.id).join(', ')}); detected when left out` } };

function layoutOf(value: unknown): LayoutId | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !isLayoutId(value)) throw new UsageError(`unknown layout "${value}"; one of ${LAYOUTS.map((l) => l.id).join(', ')}`);
  return value;
}

function openStore(dir: string, options: Record<string, unknown>): PkiStore {
  return PkiStore.open(dir, { layout: layoutOf(options.layout) });
}

/** Throws the failures: a single one as the one line the user sees, several listed and then counted. */
function failWith(code: 'IO' | 'CONFLICT' | 'INVALID_CERT', failures: string[], summary: string, out: Output): void {
  if (failures.length === 0) return;
  if (failures.length === 1) throw new TrustError(code, failures[0]);
  for (const line of failures) out.error(line);
  throw new TrustError(code, summary);
}

/** A reference that names an existing file from the current folder is taken as that file; else as the store sees it. */
function fromCwd(ref: string): string {
  return !/^[0-9a-f]{8,64}$/i.test(ref) && existsSync(ref) ? path.resolve(ref) : ref;
}

function printSync(report: SyncReport, out: Output): void {
  for (const r of report.results) if (r.status === 'done' || r.status === 'unchanged') out.log(`${r.status === 'done' ? '' : 'unchanged: '}${r.message}`);
  const failures = report.results.filter((r) => r.status === 'failed' || r.status === 'conflict').map((r) => `${r.status}: ${r.message}`);
  failWith(report.failed ? 'IO' : 'CONFLICT', failures, `${report.failed} failed, ${report.conflicts} conflict(s); see above`, out);
}

function changeCommand(name: 'trust' | 'reject' | 'delete', kind: ChangeKind, summary: string): Command {
  return {
    name,
    args: '<dir> <ref>...',
    summary,
    options: layoutOption,
    min: 2,
    max: Infinity,
    run([dir, ...refs], options, out) {
      const store = openStore(dir, options);
      printSync(syncChanges(store, changesFor(store, kind, refs.map(fromCwd))), out);
    },
  };
}

COMMANDS.push(
  {
    name: 'layouts',
    args: '',
    summary: 'list the PKI layout profiles of the stacks we know',
    min: 0,
    max: 0,
    run(_p, _o, out) {
      out.log(table(['LAYOUT', 'TRUSTED', 'ISSUERS', 'REJECTED', 'DESCRIPTION'], LAYOUTS.map((l) => [l.id, l.folders['trusted.certs'] ?? '-', l.folders['issuers.certs'] ?? '-', l.folders['rejected.certs'] ?? '-', l.description])));
    },
  },
  {
    name: 'detect',
    args: '<dir>',
    summary: 'say which layout a PKI folder follows',
    options: { json: { type: 'boolean', description: 'print JSON' } },
    min: 1,
    max: 1,
    run([dir], options, out) {
      // Detection only reads: no store is opened, so no interrupted sync is finished here.
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new TrustError('NOT_FOUND', `${dir} is not a folder`);
      const detection = detectLayout(dir);
      if (options.json) return out.log(JSON.stringify(detection, null, 2));
      if (!detection.layout) throw new TrustError('NOT_FOUND', `no known PKI layout in ${dir}`);
      out.log(`layout:     ${detection.layout}`);
      out.log(`confidence: ${Math.round(detection.confidence * 100)}%`);
      out.log(`root:       ${detection.root}`);
      out.log(`found:      ${detection.found.join(', ')}`);
      const others = detection.scores.slice(1).filter((s) => s.confidence > 0);
      if (others.length) out.log(`others:     ${others.map((s) => `${s.layout} ${Math.round(s.confidence * 100)}%`).join(', ')}`);
    },
  },
  {
    name: 'init',
    args: '<dir>',
    summary: 'create an empty store with a layout',
    options: { layout: { type: 'string', description: 'layout profile (required)' } },
    min: 1,
    max: 1,
    run([dir], options, out) {
      const layout = layoutOf(options.layout);
      if (!layout) throw new UsageError('--layout is required');
      const store = PkiStore.init(dir, layout);
      out.log(`created a ${layout} store in ${store.root}`);
      for (const rel of Object.values(store.layout.folders)) out.log(`  ${rel}/`);
    },
  },
  {
    name: 'list',
    args: '<dir>',
    summary: 'list every certificate and CRL with thumbprints, validity and problems',
    options: {
      ...layoutOption,
      folder: { type: 'string', description: 'only one folder: own, trusted, issuers or rejected' },
      json: { type: 'boolean', description: 'print JSON' },
    },
    min: 1,
    max: 1,
    run([dir], options, out) {
      const folder = options.folder as FolderKind | undefined;
      if (folder !== undefined && !FOLDER_KINDS.includes(folder)) throw new UsageError(`--folder must be one of ${FOLDER_KINDS.join(', ')}`);
      const store = openStore(dir, options);
      const scan = store.scan();
      const entries = folder ? scan.entries.filter((e) => e.folder === folder) : scan.entries;
      if (options.json) return out.log(JSON.stringify({ root: store.root, layout: store.layout.id, entries }, null, 2));
      if (store.recovery) out.error(`note: an interrupted sync was ${store.recovery.outcome} (${store.recovery.actions} step(s))`);
      out.log(`${store.root} (${store.layout.id})`);
      out.log(entries.length ? entriesTable(entries) : folder ? `no files in ${folder}` : 'the store is empty');
    },
  },
  {
    name: 'show',
    args: '<dir> <ref>',
    summary: 'full details of one certificate (thumbprint prefix or file)',
    options: { ...layoutOption, json: { type: 'boolean', description: 'print JSON' } },
    min: 2,
    max: 2,
    run([dir, ref], options, out) {
      const matches = openStore(dir, options).find(fromCwd(ref));
      if (options.json) return out.log(JSON.stringify(matches.length === 1 ? matches[0] : matches, null, 2));
      out.log(
        matches
          .map((e) => (e.kind === 'certificate' ? certDetails(e) : e.kind === 'crl' ? `CRL of ${e.issuer.text}\nthis update: ${e.thisUpdate}\nnext update: ${e.nextUpdate ?? '-'}\nrevoked: ${e.revokedSerials.join(', ') || 'none'}\nfile: ${e.file}` : `unreadable: ${e.file}\nreason: ${e.reason}`))
          .join('\n\n'),
      );
    },
  },
  changeCommand('trust', 'trust', 'move certificates to trusted'),
  changeCommand('reject', 'reject', 'move certificates to rejected'),
  changeCommand('delete', 'delete', 'delete certificates, CRLs or unreadable files'),
  {
    name: 'import',
    args: '<dir> <file>...',
    summary: 'copy certificates (.der .pem .crt .cer, PEM bundles) and CRLs into the store',
    options: { ...layoutOption, to: { type: 'string', description: 'trusted (default), issuers or rejected' } },
    min: 2,
    max: Infinity,
    run([dir, ...files], options, out) {
      const to = (options.to ?? 'trusted') as ImportTarget;
      if (!['trusted', 'issuers', 'rejected'].includes(to)) throw new UsageError('--to must be trusted, issuers or rejected');
      const results = importIntoStore(openStore(dir, options), readImportSources(files), to);
      for (const r of results) if (r.status !== 'failed') out.log(`${r.source}: ${r.message}`);
      const failures = results.filter((r) => r.status === 'failed').map((r) => `${r.source}: ${r.message}`);
      failWith('INVALID_CERT', failures, `${failures.length} item(s) not imported; see above`, out);
    },
  },
  {
    name: 'export',
    args: '<dir> <ref>',
    summary: 'write a certificate or CRL to a file',
    options: { ...layoutOption, out: { type: 'string', description: 'file to write (required)' }, format: { type: 'string', description: 'der (default) or pem' } },
    min: 2,
    max: 2,
    run([dir, ref], options, out) {
      const format = (options.format ?? 'der') as 'der' | 'pem';
      if (format !== 'der' && format !== 'pem') throw new UsageError('--format must be der or pem');
      if (typeof options.out !== 'string') throw new UsageError('--out is required');
      const { bytes } = exportEntry(openStore(dir, options), fromCwd(ref), format);
      try {
        writeFileSync(options.out, bytes);
      } catch (error) {
        throw ioError(error, `cannot write ${options.out}`);
      }
      out.log(`wrote ${options.out} (${format.toUpperCase()}, ${bytes.length} bytes)`);
    },
  },
  {
    name: 'prune-rejected',
    args: '<dir>',
    summary: 'keep the newest n rejected certificates, delete the older ones',
    options: { ...layoutOption, max: { type: 'string', description: 'how many to keep (required)' } },
    min: 1,
    max: 1,
    run([dir], options, out) {
      const max = Number(options.max);
      if (options.max === undefined || !Number.isInteger(max) || max < 0) throw new UsageError('--max <n> is required (a whole number)');
      const report = pruneRejected(openStore(dir, options), max);
      for (const cert of report.removed) out.log(`deleted ${cert.file} (${cert.subject.cn ?? cert.sha1})`);
      out.log(`kept ${report.kept}, deleted ${report.removed.length}`);
    },
  },
  {
    name: 'watch',
    args: '<dir>',
    summary: 'print one JSON line per change on disk until interrupted',
    options: layoutOption,
    min: 1,
    max: 1,
    async run([dir], options, out) {
      const store = openStore(dir, options);
      store.scan();
      const watcher = new StoreWatcher(store);
      watcher.on('change', (event) => out.log(JSON.stringify(event)));
      watcher.on('error', (error) => out.error(`watch error: ${error.message}`));
      await watcher.start();
      out.error(`watching ${store.root} (${store.layout.id}); Ctrl+C to stop`);
      await waitForStopSignal();
      await watcher.close();
    },
  },
);
