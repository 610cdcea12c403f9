/**
 * Creates a fresh empty directory under `os.tmpdir()` named `uatrust-${prefix}XXXXXX` and returns its
 * real path (symlinks resolved, e.g. macOS /var -> /private/var). Default prefix: "test-".
 */
export declare function tempDir(prefix?: string): Promise<string>;
/** Removes every directory made by `tempDir()` so far (idempotent; errors are ignored). */
export declare function cleanupTempDirs(): Promise<void>;
