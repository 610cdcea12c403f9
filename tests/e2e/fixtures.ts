/**
 * End-to-end fixture: real PKI folders on disk (certificates made in the test) and the real
 * browser-mode server (`uatrust ui`), started once per test file and stopped after it.
 *
 * ```ts
 * const app = useApp(async () => [{ name: 'line3-server', layout: 'node-opcua', rejected: [await makeCert({ cn: 'SCADA' })] }]);
 * test('...', async ({ page }) => { await app.open(page); ... app.store('line3-server').root ... });
 * ```
 */
import { test, expect, type Locator, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getLayout, type LayoutId, type LogicalFolder } from '../../shared/pki/layouts';
import type { FolderKind } from '../../shared/types/cert';
import type { MadeCert } from '../helpers/certs';

export { expect, test };

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const START_TIMEOUT_MS = 30_000;

export interface RawFile {
  folder: FolderKind;
  name: string;
  bytes: string | Uint8Array;
  /** Put it in the folder's CRL sub-folder (trusted/crl, issuers/crl). */
  crl?: boolean;
}

export interface StoreSpec {
  /** Folder name, and so the store's name in the tree. */
  name: string;
  layout: LayoutId;
  own?: MadeCert[];
  trusted?: MadeCert[];
  issuers?: MadeCert[];
  rejected?: MadeCert[];
  raw?: RawFile[];
}

export interface MadeStore {
  name: string;
  root: string;
  layout: LayoutId;
}

/** The logical folder a user-visible folder's certificates live in. */
function certFolder(folder: FolderKind): LogicalFolder {
  return `${folder}.certs` as LogicalFolder;
}

/** Absolute path of a store folder (certificates, or CRLs with `crl`). */
export function folderPath(store: MadeStore, folder: FolderKind, crl = false): string {
  const rel = getLayout(store.layout).folders[crl ? (`${folder}.crl` as LogicalFolder) : certFolder(folder)];
  if (!rel) throw new Error(`${store.layout} has no ${folder}${crl ? ' crl' : ''} folder`);
  return path.join(store.root, ...rel.split('/'));
}

/** The name and bytes a stack of this layout would write for a certificate (its naming rule and format). */
export function certFile(layout: LayoutId, folder: FolderKind, cert: MadeCert): { name: string; bytes: string | Uint8Array } {
  const naming = getLayout(layout).naming;
  const template = naming.byFolder?.[folder] ?? naming.cert;
  const cn = cert.cert.subjectName.getField('CN')[0] ?? 'cert';
  const name = template
    .replace('{cn}', cn)
    .replace('{sha1}', cert.sha1)
    .replace('{SHA1}', cert.sha1.toUpperCase())
    .replace('{ext}', naming.format === 'pem' ? '.pem' : '.der');
  const pem = name.endsWith('.pem') || (!path.extname(name) && naming.format === 'pem');
  return { name, bytes: pem ? cert.pem : cert.der };
}

/** Writes a certificate into a store folder the way the layout's stack would; returns the absolute path. */
export async function dropCert(store: MadeStore, folder: FolderKind, cert: MadeCert): Promise<string> {
  const { name, bytes } = certFile(store.layout, folder, cert);
  const file = path.join(folderPath(store, folder), name);
  await writeFile(file, bytes);
  return file;
}

/** Creates a store with every folder of its layout, and its certificates. */
export async function createStore(parent: string, spec: StoreSpec): Promise<MadeStore> {
  const store: MadeStore = { name: spec.name, root: path.join(parent, spec.name), layout: spec.layout };
  for (const rel of Object.values(getLayout(spec.layout).folders)) await mkdir(path.join(store.root, ...rel!.split('/')), { recursive: true });
  for (const folder of ['own', 'trusted', 'issuers', 'rejected'] as const) {
    for (const cert of spec[folder] ?? []) await dropCert(store, folder, cert);
  }
  for (const raw of spec.raw ?? []) await writeFile(path.join(folderPath(store, raw.folder, raw.crl), raw.name), raw.bytes);
  return store;
}

/** File names in a store folder (no hidden files). */
export async function filesIn(store: MadeStore, folder: FolderKind, crl = false): Promise<string[]> {
  const dir = folderPath(store, folder, crl);
  if (!existsSync(dir)) return [];
  return (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile() && !d.name.startsWith('.')).map((d) => d.name).sort();
}

export interface RunningApp {
  url: string;
  origin: string;
  close(): Promise<void>;
}

export interface AppOptions {
  /** Start the embedded demo server as `npm start` does (default: off, so that a test file owns no OPC UA port). */
  demoServer?: boolean;
}

/** Starts `uatrust ui --no-open --port 0 --store …` and resolves once it printed its URL (the demo server may still be starting). */
export async function startApp(stores: string[], home: string, options: AppOptions = {}): Promise<RunningApp> {
  const args = ['bin/uatrust.js', 'ui', '--no-open', ...(options.demoServer ? [] : ['--no-demo-server']), '--port', '0', ...stores.flatMap((s) => ['--store', s])];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: REPO,
    env: { ...process.env, UATRUST_HOME: home, BROWSER: 'none' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // No orphan left behind when it is slow to start (a loaded machine): nothing else would stop it.
      child.kill('SIGKILL');
      reject(new Error(`uatrust ui did not print its URL within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /URL: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`uatrust ui exited with ${code} before printing its URL:\n${output}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

export interface AppHandle {
  /** Opens the app (token URL → cookie → `/`) and waits for the tree. */
  open(page: Page): Promise<void>;
  store(name: string): MadeStore;
  readonly dir: string;
  readonly url: string;
  /** The app's UATRUST_HOME (fresh per test file): its own client PKI is `<home>/pki`, the demo server's `<home>/demo-server`. */
  readonly home: string;
}

/**
 * One server for the test file: `setup` creates the stores (in a fresh temp folder) before the first test,
 * the server and the folder go after the last one.
 */
export function useApp(setup: (dir: string) => Promise<StoreSpec[]>, options: AppOptions = {}): AppHandle {
  let dir = '';
  let running: RunningApp | null = null;
  const stores = new Map<string, MadeStore>();

  test.beforeAll(async () => {
    test.setTimeout(60_000);
    dir = await realpath(await mkdtemp(path.join(tmpdir(), 'uatrust-e2e-')));
    for (const spec of await setup(dir)) stores.set(spec.name, await createStore(dir, spec));
    running = await startApp([...stores.values()].map((s) => s.root), path.join(dir, '.home'), options);
  });

  test.afterAll(async () => {
    await running?.close();
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  });

  return {
    async open(page: Page) {
      if (!running) throw new Error('the app is not running');
      await page.goto(running.url);
      await expect(page.getByRole('tree', { name: 'PKI folders' })).toBeVisible();
    },
    store(name: string) {
      const store = stores.get(name);
      if (!store) throw new Error(`no store ${name}`);
      return store;
    },
    get dir() {
      return dir;
    },
    get url() {
      return running?.url ?? '';
    },
    get home() {
      return path.join(dir, '.home');
    },
  };
}

/** The tree item of a certificate (its accessible name starts with the CN). */
export function treeItem(page: Page, name: string | RegExp): Locator {
  return page.getByRole('treeitem', { name: typeof name === 'string' ? new RegExp(`^${escapeRegExp(name)}\\b`) : name });
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Right-clicks a tree item and returns the open menu. */
export async function openMenu(page: Page, item: Locator): Promise<Locator> {
  await item.click({ button: 'right' });
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  return menu;
}

/**
 * The tree is virtualised: rows outside the viewport are not in the DOM. Scrolls the tree from the top
 * until the item is rendered, then brings it into view.
 */
export async function revealTreeItem(page: Page, name: string | RegExp): Promise<Locator> {
  const item = treeItem(page, name);
  const tree = page.getByRole('tree', { name: 'PKI folders' });
  type Scrollable = { scrollTop: number; clientHeight: number; scrollHeight: number };
  if ((await item.count()) === 0) {
    await tree.evaluate((el) => void ((el as unknown as Scrollable).scrollTop = 0));
    for (let i = 0; i < 200 && (await item.count()) === 0; i++) {
      const atEnd = await tree.evaluate((el) => {
        const s = el as unknown as Scrollable;
        s.scrollTop += Math.max(50, s.clientHeight - 60);
        return s.scrollTop + s.clientHeight >= s.scrollHeight - 1;
      });
      await page.waitForTimeout(30);
      if (atEnd && (await item.count()) === 0) break;
    }
  }
  await expect(item).toBeAttached();
  await item.scrollIntoViewIfNeeded();
  return item;
}
