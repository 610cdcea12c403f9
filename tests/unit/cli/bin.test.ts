/**
 * What needs a real `uatrust` process: the bin itself, `watch` until a signal, and file permissions
 * (as root, chmod does not stop writes, so these children run as nobody).
 */
import { chmodSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeCert, type MadeCert } from "../../helpers/certs";
import { spawnUatrust, startUatrust, uatrust, type CliRun } from "../../helpers/cli";
import { filesIn, openToEverybody, put, snapshot } from "../../helpers/pki";
import { tempDir } from "../../helpers/tmp";

let a: MadeCert;
let b: MadeCert;
const restricted: string[] = [];

beforeAll(async () => {
  [a, b] = await Promise.all([makeCert({ cn: "alpha" }), makeCert({ cn: "bravo" })]);
});

afterEach(() => {
  for (const dir of restricted.splice(0)) chmodSync(dir, 0o777);
});

/** A ua-net store with files, open to the child process; `readOnly` folders made 0555. */
async function storeFor(files: Record<string, Buffer | string>, readOnly: string[] = []): Promise<string> {
  const root = await tempDir("bin-");
  await uatrust("init", root, "--layout", "ua-net");
  for (const [rel, bytes] of Object.entries(files)) put(root, rel, bytes);
  openToEverybody(root);
  for (const rel of readOnly) {
    chmodSync(path.join(root, rel), 0o555);
    restricted.push(path.join(root, rel));
  }
  return root;
}

function expectOneLineFailure(run: CliRun, pattern: RegExp): void {
  expect(run.code).toBe(1);
  expect(run.stderr.split("\n")).toEqual([expect.stringMatching(pattern)]);
}

const noLeftovers = (root: string) => expect(filesIn(root).filter((f) => f.includes(".uatrust"))).toEqual([]);

describe("the uatrust bin", () => {
  it("runs a command and exits 0, and exits 2 without one", async () => {
    const root = await storeFor({ "trusted/certs/alpha.der": a.der });
    const list = await spawnUatrust(["list", root, "--json"]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).entries.map((e: { sha1: string }) => e.sha1)).toEqual([a.sha1]);
    const bare = await spawnUatrust([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toContain("usage: uatrust <command>");
  });
});

describe("uatrust piped into a reader that stops early (| head)", () => {
  it("exits without a broken-pipe error", async () => {
    // Far more JSON than a pipe holds, so the writer is still writing when the reader goes.
    const { makeManyCerts } = await import("../../helpers/certs");
    const many = await makeManyCerts(300, "piped");
    const root = await storeFor(Object.fromEntries(many.map((c, i) => [`trusted/certs/piped-${i}.der`, c.der])));
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, [path.resolve("bin/uatrust.js"), "list", root, "--json"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    // Read the first chunk, then close our end as `head -1` does.
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });
});

describe("uatrust watch", () => {
  it("prints a JSON line when a certificate lands in rejected, until it is stopped", async () => {
    const root = await storeFor({});
    const child = startUatrust(["watch", root]);
    try {
      const ready = new Promise<void>((resolve, reject) => {
        child.stderr!.on("data", (d) => String(d).includes("watching") && resolve());
        child.once("exit", (code) => reject(new Error(`watch exited early with ${code}`)));
      });
      await ready;
      put(root, "rejected/certs/alpha.der", a.der);
      const line = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no line from watch within 10 s")), 10_000);
        createInterface({ input: child.stdout! }).once("line", (l) => {
          clearTimeout(timer);
          resolve(l);
        });
      });
      expect(JSON.parse(line)).toEqual({ type: "added", folder: "rejected", file: "rejected/certs/alpha.der", thumbprint: a.sha256 });
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  });
});

describe("a folder the user may not write to", () => {
  it("lists a file the user may not read as unreadable: permission denied", async () => {
    const root = await storeFor({ "trusted/certs/alpha.der": a.der, "trusted/certs/secret.der": b.der });
    chmodSync(path.join(root, "trusted/certs/secret.der"), 0o000);
    const run = await spawnUatrust(["list", root, "--json"], { asNobody: true });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).entries.map((e: { file: string; kind: string; reason?: string }) => [e.file, e.kind, e.reason])).toEqual([
      ["trusted/certs/alpha.der", "certificate", undefined],
      ["trusted/certs/secret.der", "unreadable", "permission denied"],
    ]);
  });

  it("fails to trust into a read-only trusted folder with exit 1 and one line, and moves nothing", async () => {
    const root = await storeFor({ "rejected/certs/alpha.der": a.der }, ["trusted/certs"]);
    const before = snapshot(root);
    expectOneLineFailure(await spawnUatrust(["trust", root, a.sha1.slice(0, 8)], { asNobody: true }), /^uatrust trust: failed: sync stopped at trusted\/certs\/alpha\.der; nothing was changed: permission denied$/);
    expect(snapshot(root)).toEqual(before);
    noLeftovers(root);
  });

  it("fails to trust out of a read-only rejected folder, and leaves no copy in trusted", async () => {
    const root = await storeFor({ "rejected/certs/alpha.der": a.der }, ["rejected/certs"]);
    const before = snapshot(root);
    expectOneLineFailure(await spawnUatrust(["trust", root, a.sha1.slice(0, 8)], { asNobody: true }), /nothing was changed: permission denied$/);
    expect(snapshot(root)).toEqual(before);
    noLeftovers(root);
  });

  it("rolls back the changes made before the one that failed", async () => {
    const root = await storeFor({ "rejected/certs/alpha.der": a.der, "issuer/certs/bravo.der": b.der }, ["issuer/certs"]);
    const before = snapshot(root);
    const run = await spawnUatrust(["trust", root, "rejected/certs/alpha.der", "issuer/certs/bravo.der"], { asNobody: true });
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")).toEqual([
      "failed: sync stopped at trusted/certs/bravo.der; nothing was changed: permission denied",
      "failed: sync stopped at trusted/certs/bravo.der; nothing was changed: permission denied",
      "uatrust trust: 2 failed, 0 conflict(s); see above",
    ]);
    expect(snapshot(root)).toEqual(before);
    noLeftovers(root);
  });

  it("fails to import into a read-only folder, writing nothing", async () => {
    const root = await storeFor({}, ["trusted/certs"]);
    const source = put(await tempDir("bin-src-"), "alpha.der", a.der);
    openToEverybody(path.dirname(source));
    expectOneLineFailure(await spawnUatrust(["import", root, source], { asNobody: true }), /^uatrust import: import failed; nothing was written: permission denied$/);
    expect(filesIn(root)).toEqual([]);
  });

  it("fails to delete in a store whose root is read-only, and says it cannot lock it", async () => {
    const root = await storeFor({ "rejected/certs/alpha.der": a.der }, ["."]);
    expectOneLineFailure(await spawnUatrust(["delete", root, a.sha1.slice(0, 8)], { asNobody: true }), /^uatrust delete: cannot lock the store .*: permission denied$/);
    expect(existsSync(path.join(root, "rejected/certs/alpha.der"))).toBe(true);
    expect(readFileSync(path.join(root, "rejected/certs/alpha.der"))).toEqual(a.der);
  });
});
