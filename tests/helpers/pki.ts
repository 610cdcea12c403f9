/** Files on disk for PKI tests: put files, list them, and snapshot their bytes to prove nothing moved. */
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Writes a file (creating its folders) and returns its absolute path. */
export function put(root: string, rel: string, bytes: Buffer | string): string {
  const abs = path.join(root, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, bytes);
  return abs;
}

/** Every file (and symbolic link) below `root`, dotfiles included, relative with `/`, sorted. */
export function filesIn(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 10) return;
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, d.name);
      if (d.isDirectory()) walk(abs, depth + 1);
      else out.push(path.relative(root, abs).split(path.sep).join("/"));
    }
  };
  walk(root, 0);
  return out.sort();
}

/** File → SHA-256 of its bytes, for every regular file below `root`: equal snapshots = nothing changed. */
export function snapshot(root: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const rel of filesIn(root)) {
    try {
      result[rel] = createHash("sha256").update(readFileSync(path.join(root, rel))).digest("hex");
    } catch {
      result[rel] = "(not readable)";
    }
  }
  return result;
}

/** Makes a tree readable and writable for everybody, so a child process run as nobody can work in it. */
export function openToEverybody(root: string): void {
  chmodSync(root, 0o777);
  for (const d of readdirSync(root, { withFileTypes: true })) {
    const abs = path.join(root, d.name);
    if (d.isDirectory()) openToEverybody(abs);
    else if (d.isFile()) chmodSync(abs, 0o666);
  }
}
