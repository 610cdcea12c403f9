import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectLayout } from "../../../../electron/core/pki/detect";
import { PkiStore } from "../../../../electron/core/pki/store";
import { LAYOUTS } from "../../../../shared/pki/layouts";
import { tempDir } from "../../../helpers/tmp";

describe("detectLayout", () => {
  describe.each(LAYOUTS.map((l) => l.id))("a %s store made by init", (layout) => {
    it("is recognised as that layout with full confidence", async () => {
      const root = await tempDir(`detect-${layout}-`);
      PkiStore.init(root, layout);
      const detection = detectLayout(root);
      expect(detection).toMatchObject({ root, layout, confidence: 1 });
      expect(detection.scores[0]).toEqual({ layout, confidence: 1 });
      expect(detection.scores.slice(1).every((s) => s.confidence < 1)).toBe(true);
      expect(detection.found).toEqual(Object.values(LAYOUTS.find((l) => l.id === layout)!.folders).sort());
    });

    it("is found one level down, and the detected root is that folder", async () => {
      const parent = await tempDir(`detect-${layout}-parent-`);
      mkdirSync(path.join(parent, "logs"));
      PkiStore.init(path.join(parent, "pki"), layout);
      expect(detectLayout(parent)).toMatchObject({ root: path.join(parent, "pki"), layout, confidence: 1 });
    });
  });

  it("still recognises a node-opcua store whose stack keeps a mutex folder and files beside", async () => {
    const root = await tempDir("detect-mutex-");
    PkiStore.init(root, "node-opcua");
    mkdirSync(path.join(root, "mutex"));
    writeFileSync(path.join(root, "own/openssl.cnf"), "");
    expect(detectLayout(root).layout).toBe("node-opcua");
  });

  it("recognises a partial UA-.NET store (only trusted and rejected) as its closest profile", async () => {
    const root = await tempDir("detect-partial-");
    mkdirSync(path.join(root, "trusted/certs"), { recursive: true });
    mkdirSync(path.join(root, "issuer/certs"), { recursive: true });
    const detection = detectLayout(root);
    expect(detection.layout).toBe("ua-net");
    expect(detection.confidence).toBeGreaterThan(0);
    expect(detection.confidence).toBeLessThan(1);
  });

  it("finds no layout in an empty folder or in a missing one", async () => {
    const root = await tempDir("detect-empty-");
    expect(detectLayout(root)).toMatchObject({ layout: null, confidence: 0, found: [] });
    expect(detectLayout(path.join(root, "missing"))).toMatchObject({ layout: null, confidence: 0 });
  });
});

describe("PkiStore.open", () => {
  it("opens the store found one level down", async () => {
    const parent = await tempDir("open-down-");
    PkiStore.init(path.join(parent, "pki"), "ua-net");
    const store = PkiStore.open(parent);
    expect([store.root, store.layout.id]).toEqual([path.join(parent, "pki"), "ua-net"]);
  });

  it("says there is no known layout when nothing matches, and that a missing folder does not exist", async () => {
    const root = await tempDir("open-none-");
    expect(() => PkiStore.open(root)).toThrow(/no known PKI layout/);
    expect(() => PkiStore.open(path.join(root, "missing"))).toThrow(/does not exist/);
  });

  it("uses the layout given instead of detecting one", async () => {
    const root = await tempDir("open-override-");
    PkiStore.init(root, "uaexpert");
    expect(PkiStore.open(root, { layout: "node-opcua" }).layout.id).toBe("node-opcua");
  });
});
