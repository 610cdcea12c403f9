import type { BuildOptions } from 'esbuild';

/** See build-electron.mjs. */
export declare const MAIN_BUNDLE_OPTIONS: BuildOptions;
export declare function buildElectron(): Promise<void>;
