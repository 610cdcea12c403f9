import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../../../electron/core/pki/fs-atomic";
import { PkiStore } from "../../../../electron/core/pki/store";
import { StoreWatcher } from "../../../../electron/core/pki/watch";
import type { CertSummary } from "../../../../shared/types/cert";
import { makeCert, makeManyCerts, type MadeCert } from "../../../helpers/certs";
import { put } from "../../../helpers/pki";
import { tempDir } from "../../../helpers/tmp";

let many: MadeCert[];
let other: MadeCert;
let watcher: StoreWatcher | null = null;

beforeAll(async () => {
  many = await makeManyCerts(20, "device");
  other = await makeCert({ cn: "replacement" });
});

afterEach(async () => {
  await watcher?.close();
  watcher = null;
});

async function watchedStore() {
  const store = PkiStore.init(await tempDir("incremental-"), "node-opcua");
  many.forEach((c, i) => put(store.root, `trusted/certs/device-${i}.pem`, c.pem));
  store.scan();
  watcher = new StoreWatcher(store);
  const seen: string[] = [];
  watcher.on("change", (event) => seen.push(event.file));
  await watcher.start();
  const waitFor = async (file: string) => {
    for (let i = 0; i < 100 && !seen.includes(file); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toContain(file);
  };
  return { store, waitFor };
}

const idOf = (store: PkiStore, file: string) => store.entries().find((e) => e.file === file)?.id;

describe("re-scanning a watched store", () => {
  it("re-reads only the file the watcher saw, after one full check", async () => {
    const { store, waitFor } = await watchedStore();
    expect(store.scan().filesReused).toBe(20); // the first scan under the watcher checks every file
    put(store.root, "trusted/certs/new.pem", other.pem);
    await waitFor("trusted/certs/new.pem");
    const outcome = store.scan();
    expect(outcome.filesRead).toBe(1);
    expect(outcome.filesReused).toBe(20);
    expect(idOf(store, "trusted/certs/new.pem")).toBe(other.sha256);
  });

  it("sees a file rewritten in place once the watcher reported it", async () => {
    const { store, waitFor } = await watchedStore();
    store.scan();
    writeFileSync(path.join(store.root, "trusted/certs/device-3.pem"), other.pem);
    await waitFor("trusted/certs/device-3.pem");
    store.scan();
    expect(idOf(store, "trusted/certs/device-3.pem")).toBe(other.sha256);
  });

  it("sees a file this process replaced at once, without waiting for the watcher", async () => {
    const { store } = await watchedStore();
    store.scan();
    writeFileAtomic(path.join(store.root, "trusted/certs/device-5.pem"), other.pem);
    store.scan();
    expect(idOf(store, "trusted/certs/device-5.pem")).toBe(other.sha256);
  });

  it("lists the same entries as a fresh scan of the folder", async () => {
    const { store, waitFor } = await watchedStore();
    store.scan();
    put(store.root, "rejected/client.pem", other.pem);
    await waitFor("rejected/client.pem");
    const incremental = store.scan().entries as CertSummary[];
    const fresh = PkiStore.open(store.root, { layout: "node-opcua" }).scan().entries as CertSummary[];
    const byFile = (list: CertSummary[]) => [...list].sort((a, b) => a.file.localeCompare(b.file));
    expect(byFile(incremental)).toEqual(byFile(fresh));
  });
});
