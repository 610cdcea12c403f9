/**
 * Runs the `uatrust` CLI in tests.
 *
 * - `uatrust(...argv)`: in this process through `runCli` (fast); what the user would see on
 *   stdout and stderr, and the exit code.
 * - `spawnUatrust(argv, { asNobody })`: a real `node bin/uatrust.js` process, for what needs one
 *   (signals, file permissions). As root, `asNobody` runs it as uid/gid 65534 so that chmod applies.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
// The same commands as the bin (electron/cli/index.ts): the file commands plus those the app adds.
import "../../electron/cli/app-commands";
import "../../electron/cli/opcua-commands";
import { runCli } from "../../electron/cli/main";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export const BIN = fileURLToPath(new URL("../../bin/uatrust.js", import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** True when the tests run as root: permissions are only enforced on a child run as nobody. */
export const RUNNING_AS_ROOT = process.getuid?.() === 0;
const NOBODY = 65534;

/** Runs one CLI invocation in this process. */
export async function uatrust(...argv: string[]): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(argv, { log: (t) => stdout.push(t), error: (t) => stderr.push(t) });
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}

/** Starts `node bin/uatrust.js …` (as nobody when `asNobody` and running as root). */
export function startUatrust(argv: string[], options: { asNobody?: boolean } = {}): ChildProcess {
  const drop = options.asNobody && RUNNING_AS_ROOT;
  return spawn(process.execPath, [BIN, ...argv], {
    cwd: REPO_ROOT,
    env: { ...process.env, NO_COLOR: "1", ...(drop ? { HOME: "/tmp" } : {}) },
    stdio: ["ignore", "pipe", "pipe"],
    ...(drop ? { uid: NOBODY, gid: NOBODY } : {}),
  });
}

/** Runs `node bin/uatrust.js …` to completion (killed after `timeoutMs`). */
export function spawnUatrust(argv: string[], options: { asNobody?: boolean; timeoutMs?: number } = {}): Promise<CliRun> {
  const child = startUatrust(argv, options);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`uatrust ${argv.join(" ")} did not finish in ${options.timeoutMs ?? 15000} ms`));
    }, options.timeoutMs ?? 15000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout: stdout.trimEnd(), stderr: stderr.trimEnd() });
    });
  });
}
