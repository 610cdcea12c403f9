/**
 * The CLI's command registry and the helpers every command shares; nothing heavy, so that
 * `uatrust ui` can start its server before the core is loaded (see index.ts).
 */
export class UsageError extends Error {}

/** Resolves when the user presses Ctrl+C (or the process is asked to stop): long-running commands end cleanly. */
export function waitForStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

/** The value of a `--port` option, or `fallback` when it is left out. */
export function portOption(value: unknown, fallback: number): number {
  const port = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number');
  return port;
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  description: string;
}

export interface Command {
  name: string;
  args: string;
  summary: string;
  options?: Record<string, OptionSpec>;
  /** Positional arguments: at least `min`, at most `max` (Infinity for lists). */
  min: number;
  max: number;
  run(positionals: string[], options: Record<string, string | boolean | string[] | undefined>, out: Output): Promise<void> | void;
}

export interface Output {
  log(text: string): void;
  error(text: string): void;
}

/** Every command, in the order `uatrust --help` lists them; each module pushes its own. */
export const COMMANDS: Command[] = [];
