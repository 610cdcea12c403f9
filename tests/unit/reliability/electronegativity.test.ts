/**
 * Item 8 of issue 8: @doyensec/electronegativity over the Electron code. It exits 0 whatever it
 * finds, so the test reads its SARIF report (and its CSV one, which alone carries the severity):
 * a finding of high or medium severity fails; a low or informational one, or a request to review
 * something, must be justified by a comment next to the code it points at.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';
import { fixture } from './fixtures/child';

const TOOL = path.join(REPO_ROOT, 'node_modules/@doyensec/electronegativity/dist/index.js');
const ELECTRON_VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

interface Finding {
  rule: string;
  severity: string;
  review: boolean;
  file: string;
  line: number;
}

/** Runs the tool over electron/ into `out` (.sarif or .csv), offline (see fixtures/offline-got.cjs), bounded in time. */
function electronegativity(out: string): Promise<void> {
  const args = ['--require', fixture('offline-got.cjs'), TOOL, '-i', path.join(REPO_ROOT, 'electron'), '-o', out, '-e', ELECTRON_VERSION];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: REPO_ROOT, timeout: 60_000, env: { ...process.env, LANG: 'en-US' } }, (error, _stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve()));
  });
}

function csvRow(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|([^,]+)|(?<=,)(?=,|$)/g)].map((m) => m[1] ?? m[2] ?? '');
}

/** SARIF results joined with the CSV's severities (same rule, file and line). */
function findings(sarifFile: string, csvFile: string): Finding[] {
  const severity = new Map<string, string>();
  for (const line of readFileSync(csvFile, 'utf8').split('\n').slice(1).filter(Boolean)) {
    const [rule, sev, , file, location] = csvRow(line);
    severity.set(`${rule}|${file === 'N/A' ? '' : file}|${Math.max(1, Number(location.split(':')[0]))}`, sev.toUpperCase());
  }
  const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as { runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
  return sarif.runs.flatMap((run) =>
    run.results.map((r) => {
      const where = r.locations[0].physicalLocation;
      const file = where.artifactLocation.uri === 'file:///' ? '' : where.artifactLocation.uri;
      const line = where.region.startLine;
      return { rule: r.ruleId, severity: severity.get(`${r.ruleId}|${file}|${line}`) ?? 'UNKNOWN', review: r.level === 'note', file, line };
    }),
  );
}

/** A comment that names the rule on the finding's line or the three above it. */
function justification(finding: Finding): string | null {
  if (!finding.file) return null;
  const lines = readFileSync(finding.file, 'utf8').split('\n');
  return lines.slice(Math.max(0, finding.line - 4), finding.line).find((l) => /\/\/.*electronegativity/.test(l) && l.includes(finding.rule)) ?? null;
}

describe('electronegativity over the Electron code', () => {
  it('finds nothing of high or medium severity, and every lesser finding is justified next to the code', async () => {
    const dir = await tempDir('electronegativity-');
    const sarif = path.join(dir, 'report.sarif');
    const csv = path.join(dir, 'report.csv');
    const started = performance.now();
    await Promise.all([electronegativity(sarif), electronegativity(csv)]);
    const all = findings(sarif, csv);
    console.log(`electronegativity ${ELECTRON_VERSION} over electron/ in ${Math.round(performance.now() - started)} ms: ${all.map((f) => `${f.rule} ${f.severity}${f.review ? ' (review)' : ''} ${path.relative(REPO_ROOT, f.file)}:${f.line}`).join('; ') || 'no findings'}`);
    // A finding the tool is sure of (SARIF "warning") at high or medium severity is a problem to fix.
    expect(all.filter((f) => !f.review && (f.severity === 'HIGH' || f.severity === 'MEDIUM' || f.severity === 'UNKNOWN'))).toEqual([]);
    // The rest (low, informational, "review this") must say next to the code why it is fine.
    expect(all.filter((f) => !justification(f)).map((f) => `${f.rule} at ${f.file || 'no file'}:${f.line} has no "// electronegativity ${f.rule}: why" comment`)).toEqual([]);
  }, 90_000);
});
