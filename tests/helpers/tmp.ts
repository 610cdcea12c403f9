/**
 * Temporary directories for tests, removed automatically after the test file.
 *
 * Usage:
 * ```ts
 * import { tempDir } from "../helpers/tmp";
 *
 * it("writes the store", async () => {
 *   const dir = await tempDir("store-");   // e.g. /tmp/uatrust-store-AbC123
 *   ...
 * });
 * ```
 *
 * Importing this module (statically, at the top of a test file) registers an `afterAll` hook on
 * that file which deletes every directory `tempDir()` created. vitest evaluates modules once per
 * test file by default (isolate: true), so each file cleans up its own directories.
 * If this module is imported outside a test file's collection phase (dynamic import inside a test,
 * a setup file, or `isolate: false`), call `cleanupTempDirs()` yourself, e.g. `afterAll(cleanupTempDirs)`.
 */
import { afterAll } from "vitest";
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const created: string[] = [];

/**
 * Creates a fresh empty directory under `os.tmpdir()` named `uatrust-${prefix}XXXXXX` and returns its
 * real path (symlinks resolved, e.g. macOS /var -> /private/var). Default prefix: "test-".
 */
export async function tempDir(prefix = "test-"): Promise<string> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), `uatrust-${prefix}`)));
  created.push(dir);
  return dir;
}

/** Removes every directory made by `tempDir()` so far (idempotent; errors are ignored). */
export async function cleanupTempDirs(): Promise<void> {
  const dirs = created.splice(0);
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined)));
}

try {
  afterAll(cleanupTempDirs);
} catch {
  // Not inside a test file's collection: the caller must use cleanupTempDirs() (see above).
}
