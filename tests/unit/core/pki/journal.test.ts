import { spawnSync } from "node:child_process";
import { existsSync, linkSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { JOURNAL_NAME, LOCK_NAME, TRASH_DIR } from "../../../../electron/core/pki/fs-atomic";
import { withStoreLock, type JournalAction } from "../../../../electron/core/pki/journal";
import { PkiStore } from "../../../../electron/core/pki/store";
import { makeCert, type MadeCert } from "../../../helpers/certs";
import { filesIn, put } from "../../../helpers/pki";
import { tempDir } from "../../../helpers/tmp";

let a: MadeCert;
let b: MadeCert;

beforeAll(async () => {
  [a, b] = await Promise.all([makeCert({ cn: "alpha" }), makeCert({ cn: "bravo" })]);
});

/** A ua-net store with the journal an interrupted sync leaves behind. */
async function crashedStore(files: Record<string, Buffer | string>, journal: { state: "applying" | "rolling-back"; actions: JournalAction[] } | string): Promise<string> {
  const root = await tempDir("crash-");
  PkiStore.init(root, "ua-net");
  for (const [rel, bytes] of Object.entries(files)) put(root, rel, bytes);
  writeFileSync(path.join(root, JOURNAL_NAME), typeof journal === "string" ? journal : JSON.stringify({ version: 1, startedAt: new Date().toISOString(), ...journal }));
  return root;
}

/** Where each certificate is after recovery: file → which certificate it holds. */
function contents(root: string): Record<string, string> {
  const names = new Map([
    [a.der.toString("hex"), "alpha"],
    [b.der.toString("hex"), "bravo"],
  ]);
  return Object.fromEntries(filesIn(root).map((f) => [f, names.get(readFileSync(path.join(root, f)).toString("hex")) ?? "other"]));
}

describe("opening a store after a crash in the middle of a sync", () => {
  describe("a move", () => {
    const move: JournalAction = { type: "move", from: "rejected/certs/alpha.der", to: "trusted/certs/alpha.der" };

    it("finishes a move that was journaled but not started", async () => {
      const root = await crashedStore({ "rejected/certs/alpha.der": a.der }, { state: "applying", actions: [move] });
      const store = PkiStore.open(root);
      expect(store.recovery).toEqual({ state: "applying", actions: 1, outcome: "completed" });
      expect(contents(root)).toEqual({ "trusted/certs/alpha.der": "alpha" });
    });

    it("finishes a move whose file was linked at the target but not yet removed from the source", async () => {
      const root = await crashedStore({ "rejected/certs/alpha.der": a.der }, { state: "applying", actions: [move] });
      linkSync(path.join(root, "rejected/certs/alpha.der"), path.join(root, "trusted/certs/alpha.der"));
      PkiStore.open(root);
      expect(contents(root)).toEqual({ "trusted/certs/alpha.der": "alpha" });
    });

    it("finishes a move that was copied through a temp file that was not renamed yet", async () => {
      const root = await crashedStore({ "rejected/certs/alpha.der": a.der, "trusted/certs/.uatrust-0a1b2c3d4e5f.tmp": a.der.subarray(0, 100) }, { state: "applying", actions: [move] });
      PkiStore.open(root);
      expect(contents(root)).toEqual({ "trusted/certs/alpha.der": "alpha" });
    });

    it("leaves a move that had completed as it is, and continues with the next step", async () => {
      const next: JournalAction = { type: "move", from: "rejected/certs/bravo.der", to: "trusted/certs/bravo.der" };
      const root = await crashedStore({ "trusted/certs/alpha.der": a.der, "rejected/certs/bravo.der": b.der }, { state: "applying", actions: [move, next] });
      PkiStore.open(root);
      expect(contents(root)).toEqual({ "trusted/certs/alpha.der": "alpha", "trusted/certs/bravo.der": "bravo" });
    });

    it("undoes the moves of a sync that was rolling back", async () => {
      const root = await crashedStore({ "trusted/certs/alpha.der": a.der }, { state: "rolling-back", actions: [move] });
      const store = PkiStore.open(root);
      expect(store.recovery).toMatchObject({ state: "rolling-back", outcome: "rolled-back" });
      expect(contents(root)).toEqual({ "rejected/certs/alpha.der": "alpha" });
    });

    it("undoes the whole sync when a step cannot be finished any more", async () => {
      const blocked: JournalAction = { type: "move", from: "rejected/certs/bravo.der", to: "issuer/certs/bravo.der" };
      const root = await crashedStore({ "trusted/certs/alpha.der": a.der, "rejected/certs/bravo.der": b.der }, { state: "applying", actions: [move, blocked] });
      rmSync(path.join(root, "issuer/certs"), { recursive: true });
      writeFileSync(path.join(root, "issuer/certs"), "");
      const store = PkiStore.open(root);
      expect(store.recovery).toMatchObject({ state: "applying", outcome: "rolled-back" });
      expect(contents(root)).toEqual({ "issuer/certs": "other", "rejected/certs/alpha.der": "alpha", "rejected/certs/bravo.der": "bravo" });
    });
    it("says why it cannot open a store whose interrupted sync can neither be finished nor undone, and keeps the file", async () => {
      const root = await crashedStore({ "trusted/certs/alpha.der": a.der }, { state: "rolling-back", actions: [move] });
      rmSync(path.join(root, "rejected/certs"), { recursive: true });
      writeFileSync(path.join(root, "rejected/certs"), "");
      expect(() => PkiStore.open(root)).toThrow(expect.objectContaining({ code: "IO", message: `cannot finish the interrupted sync in ${root}: a part of the path is not a folder` }));
      expect(contents(root)).toMatchObject({ "trusted/certs/alpha.der": "alpha" });
      expect(existsSync(path.join(root, JOURNAL_NAME))).toBe(true);
    });
  });

  describe("a delete", () => {
    const trash = `${TRASH_DIR}/0a1b2c3d4e5f-alpha.der`;
    const del: JournalAction = { type: "delete", from: "rejected/certs/alpha.der", trash };

    it("finishes a delete whose file was already moved to the trash", async () => {
      const root = await crashedStore({ "rejected/certs/bravo.der": b.der, [trash]: a.der }, { state: "applying", actions: [del] });
      PkiStore.open(root);
      expect(contents(root)).toEqual({ "rejected/certs/bravo.der": "bravo" });
    });

    it("finishes a delete that was journaled but not started", async () => {
      const root = await crashedStore({ "rejected/certs/alpha.der": a.der }, { state: "applying", actions: [del] });
      PkiStore.open(root);
      expect(filesIn(root)).toEqual([]);
    });

    it("brings the file back when a later step of the same sync cannot be finished", async () => {
      const blocked: JournalAction = { type: "move", from: "rejected/certs/bravo.der", to: "issuer/certs/bravo.der" };
      const root = await crashedStore({ "rejected/certs/alpha.der": a.der, "rejected/certs/bravo.der": b.der }, { state: "applying", actions: [del, blocked] });
      rmSync(path.join(root, "issuer/certs"), { recursive: true });
      writeFileSync(path.join(root, "issuer/certs"), "");
      expect(PkiStore.open(root).recovery?.outcome).toBe("rolled-back");
      expect(contents(root)).toEqual({ "issuer/certs": "other", "rejected/certs/alpha.der": "alpha", "rejected/certs/bravo.der": "bravo" });
    });

    it("brings back a deleted file when the sync was rolling back", async () => {
      const root = await crashedStore({ [trash]: a.der }, { state: "rolling-back", actions: [del] });
      PkiStore.open(root);
      expect(contents(root)).toEqual({ "rejected/certs/alpha.der": "alpha" });
    });
  });

  describe("an import", () => {
    it("finishes an import whose temp file was written and journaled", async () => {
      const temp = "trusted/certs/.uatrust-0a1b2c3d4e5f.tmp";
      const root = await crashedStore({ [temp]: a.der }, { state: "applying", actions: [{ type: "write", temp, to: "trusted/certs/alpha.der" }] });
      PkiStore.open(root);
      expect(contents(root)).toEqual({ "trusted/certs/alpha.der": "alpha" });
    });

    it("removes the temp files of an import that crashed before its journal was written", async () => {
      const root = await tempDir("crash-temp-");
      PkiStore.init(root, "node-opcua");
      put(root, "trusted/certs/.uatrust-0a1b2c3d4e5f.tmp", a.der.subarray(0, 10));
      put(root, "issuers/crl/.uatrust-ffffffffffff.tmp", "");
      put(root, "trusted/certs/bravo.pem", b.pem);
      const store = PkiStore.open(root);
      expect(store.recovery).toBeNull();
      expect(filesIn(root)).toEqual(["trusted/certs/bravo.pem"]);
    });
  });

  describe("a journal that cannot be trusted", () => {
    it("ignores a torn journal and touches no certificate", async () => {
      const root = await crashedStore({ "rejected/certs/alpha.der": a.der }, '{"version":1,"state":"apply');
      expect(PkiStore.open(root).recovery).toBeNull();
      expect(contents(root)).toEqual({ "rejected/certs/alpha.der": "alpha" });
    });

    it("does not replay a journal that names a file outside the store", async () => {
      const outside = await tempDir("victim-");
      const victim = put(outside, "precious.der", b.der);
      const root = await crashedStore({ "rejected/certs/alpha.der": a.der }, "{}");
      const escape = path.relative(root, victim);
      writeFileSync(path.join(root, JOURNAL_NAME), JSON.stringify({ version: 1, state: "applying", startedAt: "", actions: [{ type: "delete", from: escape, trash: `${TRASH_DIR}/x` }, { type: "move", from: "rejected/certs/alpha.der", to: escape }] }));
      PkiStore.open(root);
      expect(readFileSync(victim)).toEqual(b.der);
      expect(contents(root)).toEqual({ "rejected/certs/alpha.der": "alpha" });
    });
  });

  it("leaves no journal, temp file, trash or lock after recovery", async () => {
    const root = await crashedStore({ [`${TRASH_DIR}/0a1b2c3d4e5f-bravo.der`]: b.der, "rejected/certs/alpha.der": a.der }, { state: "applying", actions: [{ type: "delete", from: "trusted/certs/bravo.der", trash: `${TRASH_DIR}/0a1b2c3d4e5f-bravo.der` }] });
    put(root, "rejected/certs/.uatrust-0a1b2c3d4e5f.tmp", "half");
    PkiStore.open(root);
    expect(filesIn(root)).toEqual(["rejected/certs/alpha.der"]);
    for (const name of [JOURNAL_NAME, TRASH_DIR, LOCK_NAME]) expect(existsSync(path.join(root, name))).toBe(false);
  });
});

describe("the store lock", () => {
  it("takes over the lock of a process that died", async () => {
    const root = await tempDir("lock-");
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    writeFileSync(path.join(root, LOCK_NAME), String(dead));
    expect(withStoreLock(root, () => "worked")).toBe("worked");
    expect(existsSync(path.join(root, LOCK_NAME))).toBe(false);
  });

  it("does not wait for, or recover under, a lock another live process holds", async () => {
    const root = await crashedStore({ "rejected/certs/alpha.der": a.der }, { state: "applying", actions: [{ type: "move", from: "rejected/certs/alpha.der", to: "trusted/certs/alpha.der" }] });
    writeFileSync(path.join(root, LOCK_NAME), String(process.ppid));
    let ran = false;
    expect(withStoreLock(root, () => (ran = true), { wait: false })).toBeNull();
    expect(ran).toBe(false);
    expect(PkiStore.open(root).recovery).toBeNull();
    expect(existsSync(path.join(root, "rejected/certs/alpha.der"))).toBe(true);
  });

  it("cannot be taken in a folder that does not exist, and says so", async () => {
    const root = path.join(await tempDir("lock-missing-"), "missing");
    expect(() => withStoreLock(root, () => 1)).toThrow(/cannot lock the store .*does not exist/);
  });
});
