import { unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { PkiStore } from "../../../../electron/core/pki/store";
import { StoreWatcher, type StoreChangeEvent } from "../../../../electron/core/pki/watch";
import { makeCert, type MadeCert } from "../../../helpers/certs";
import { put } from "../../../helpers/pki";
import { tempDir } from "../../../helpers/tmp";

let a: MadeCert;
let b: MadeCert;
let watcher: StoreWatcher | null = null;

beforeAll(async () => {
  [a, b] = await Promise.all([makeCert({ cn: "alpha" }), makeCert({ cn: "bravo" })]);
});

afterEach(async () => {
  await watcher?.close();
  watcher = null;
});

/** Starts a watcher and collects its events; `next()` waits (bounded) for the next one. */
async function watchStore(store: PkiStore) {
  const events: StoreChangeEvent[] = [];
  const waiters: (() => void)[] = [];
  watcher = new StoreWatcher(store);
  watcher.on("change", (event) => {
    events.push(event);
    waiters.splice(0).forEach((w) => w());
  });
  await watcher.start();
  let taken = 0;
  const next = async (timeoutMs = 5000): Promise<StoreChangeEvent> => {
    const deadline = Date.now() + timeoutMs;
    while (events.length <= taken) {
      if (Date.now() > deadline) throw new Error(`no change event within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return events[taken++];
  };
  return { events, next };
}

describe("watching a store", () => {
  it("reports a certificate dropped into rejected, then its removal", async () => {
    const store = PkiStore.init(await tempDir("watch-"), "node-opcua");
    const { next } = await watchStore(store);
    const file = put(store.root, "rejected/client[abc].pem", a.pem);
    expect(await next()).toEqual({ type: "added", folder: "rejected", file: "rejected/client[abc].pem", thumbprint: a.sha256 });
    unlinkSync(file);
    expect(await next()).toEqual({ type: "removed", folder: "rejected", file: "rejected/client[abc].pem", thumbprint: a.sha256 });
  });

  it("reports a file that now holds another certificate as changed", async () => {
    const store = PkiStore.init(await tempDir("watch-change-"), "ua-net");
    put(store.root, "trusted/certs/x.der", a.der);
    store.scan();
    const { next } = await watchStore(store);
    writeFileSync(path.join(store.root, "trusted/certs/x.der"), b.der);
    expect(await next()).toEqual({ type: "changed", folder: "trusted", file: "trusted/certs/x.der", thumbprint: b.sha256 });
  });

  it("reports an unreadable file with no thumbprint, and ignores its own temp files", async () => {
    const store = PkiStore.init(await tempDir("watch-junk-"), "open62541");
    const { next, events } = await watchStore(store);
    put(store.root, "ApplCerts/trusted/certs/.uatrust-0a1b2c3d4e5f.tmp", a.der);
    put(store.root, "ApplCerts/rejected/certs/junk", "junk");
    expect(await next()).toEqual({ type: "added", folder: "rejected", file: "ApplCerts/rejected/certs/junk", thumbprint: null });
    expect(events).toHaveLength(1);
  });
});
