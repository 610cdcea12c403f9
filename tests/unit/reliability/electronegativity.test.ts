/**
 * Item 8 of issue 8: @doyensec/electronegativity over the Electron code. It exits 0 whatever it
 * finds, so the test reads its SARIF report (with the severities its runner returns):
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

/**
 * Runs the tool over electron/ (its runner, offline: see the fixture), bounded in time: the SARIF
 * report it writes, and each finding with its severity, which only the runner's result carries.
 */
function electronegativity(sarif: string): Promise<Finding[]> {
  const args = [fixture('electronegativity-run.cjs'), path.join(REPO_ROOT, 'electron'), sarif, ELECTRON_VERSION];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: REPO_ROOT, timeout: 60_000, env: { ...process.env, LANG: 'en-US' } }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as Finding[]);
    });
  });
}

/** The SARIF report's results, each with the severity the runner gave it (same rule, file and line). */
function findingsOf(sarifFile: string, severities: Finding[]): Finding[] {
  const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as { runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
  return sarif.runs.flatMap((run) =>
    run.results.map((r) => {
      const where = r.locations[0].physicalLocation;
      const file = where.artifactLocation.uri === 'file:///' ? '' : where.artifactLocation.uri;
      const line = where.region.startLine;
      const known = severities.find((f) => f.rule === r.ruleId && f.file === file && f.line === line);
      return { rule: r.ruleId, severity: known?.severity ?? 'UNKNOWN', review: r.level === 'note', file, line };
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
    const sarif = path.join(await tempDir('electronegativity-'), 'report.sarif');
    const started = performance.now();
    const severities = await electronegativity(sarif);
    const all = findingsOf(sarif, severities);
    expect(all).toHaveLength(severities.length);
    console.log(`electronegativity ${ELECTRON_VERSION} over electron/ in ${Math.round(performance.now() - started)} ms: ${all.map((f) => `${f.rule} ${f.severity}${f.review ? ' (review)' : ''} ${path.relative(REPO_ROOT, f.file)}:${f.line}`).join('; ') || 'no findings'}`);
    // A finding the tool is sure of (SARIF "warning") at high or medium severity is a problem to fix.
    expect(all.filter((f) => !f.review && (f.severity === 'HIGH' || f.severity === 'MEDIUM' || f.severity === 'UNKNOWN'))).toEqual([]);
    // The rest (low, informational, "review this") must say next to the code why it is fine.
    expect(all.filter((f) => !justification(f)).map((f) => `${f.rule} at ${f.file || 'no file'}:${f.line} has no "// electronegativity ${f.rule}: why" comment`)).toEqual([]);
  }, 90_000);
});
