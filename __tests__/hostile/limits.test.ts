/**
 * Hostile repositories against GitHub's limits and our own algorithms (issue 13, items 9 and 11),
 * replayed through dist/index.js as the runner runs it: a huge number of findings, more
 * annotations than GitHub shows, a rationale that would blow the SARIF upload, an imported SARIF
 * with more rules than GitHub accepts, a summary that would pass 1 MiB. Every run must finish
 * with the right counts and say what it cut; no time assertions (the machine is shared).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tmpRepo } from '../helpers.js';
import { runAction } from '../e2e/runner.js';

const MIB = 1024 * 1024;

/** `files` files of `lines` lines each, every line a match of /BAD/. */
function manyMatches(files: number, lines: number): Record<string, string> {
  const out: Record<string, string> = {};
  const body = `${Array.from({ length: lines }, (_, i) => `BAD ${i}`).join('\n')}\n`;
  for (let f = 0; f < files; f++) out[`gen/f${f}.txt`] = body;
  return out;
}

describe('limits: more findings than anyone expects', () => {
  it('150,000 findings of one guardrail are all counted, the summary is written under 1 MiB and says what it left out', () => {
    const ws = tmpRepo({
      ...manyMatches(150, 1000),
      'guardrails.yaml': 'version: 1\nguardrails:\n  - id: no-bad\n    title: No bad\n    severity: warning\n    check: pattern\n    forbid: BAD\n    paths: ["gen/**"]\n',
    });
    const r = runAction(ws, { config: 'guardrails.yaml', 'fail-on': 'none' });
    expect(r.status, r.stderr + r.stdout.slice(-2000)).toBe(0);
    expect(r.stdout).not.toMatch(/Maximum call stack|internal error/);
    expect(r.outputs.warnings).toBe('150000');
    expect(r.outputs.errors).toBe('0');
    expect(r.summary).toMatch(/^## ✅ Living Architecture: passed — nothing fails the gate \(fail-on: none\) · 150000 warnings in all/);
    expect(Buffer.byteLength(r.summary)).toBeLessThan(MIB);
    expect(r.summary).toMatch(/… and 149800 more \(see the SARIF or JSON report\)/);
    const report = JSON.parse(readFileSync(r.outputs['report-file']!.startsWith('/') ? r.outputs['report-file']! : path.join(ws, r.outputs['report-file']!), 'utf8'));
    expect(report.findings).toHaveLength(150_000);
    const sarif = JSON.parse(readFileSync(path.join(ws, 'guardrails.sarif'), 'utf8'));
    expect(sarif.runs[0].results).toHaveLength(25_000);
    expect(r.stdout).toMatch(/^::warning::Left out of the SARIF file to stay within GitHub's upload limits: 125000 of 150000 results/m);
    expect(r.summary).toMatch(/^> Left out of the SARIF file to stay within GitHub's upload limits: 125000 of 150000 results/m);
  });
});

describe('limits: annotations', () => {
  it('12 errors, 12 warnings and a tool warning: at most 10 ::error and 10 ::warning lines, and the log says how many more', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`e${i}.py`] = 'ERR\n';
    for (let i = 0; i < 12; i++) files[`w${i}.py`] = 'WARN\n';
    files['guardrails.yaml'] = `version: 1
guardrails:
  - id: no-err
    check: pattern
    forbid: ERR
    paths: ["*.py"]
  - id: no-warn
    severity: warning
    check: pattern
    forbid: WARN
    paths: ["*.py"]
`;
    const ws = tmpRepo(files);
    // comment: true against an API that refuses connections: a tool warning on top of the findings.
    const r = runAction(ws, { config: 'guardrails.yaml', comment: 'true' }, { event: { pull_request: { number: 7 } } });
    expect(r.status).toBe(1);
    expect(r.outputs).toMatchObject({ errors: '12', warnings: '12' });
    const count = (level: string) => r.stdout.split('\n').filter((l) => l.startsWith(`::${level}`)).length;
    expect(count('error')).toBeLessThanOrEqual(10);
    expect(count('warning')).toBeLessThanOrEqual(10);
    expect(count('error')).toBeGreaterThanOrEqual(9);
    // The failed step message is an error annotation too, and the comment failure a warning: both kept.
    expect(r.stdout).toMatch(/^::error::Guardrails failed: no-err/m);
    expect(r.stdout).toMatch(/^::warning::Pull request comment could not be posted/m);
    expect(r.stdout).toMatch(/GitHub shows 10 annotations of each type per step: \d+ errors, \d+ warnings more are in the job summary and the SARIF file/);
  });
});

describe('limits: SARIF upload', () => {
  it('a 1 MB rationale and a long title on several guardrails: the SARIF stays under 10 MB gzipped and keeps its results', () => {
    const big = (kib: number) => randomBytes(kib * 768).toString('base64'); // text that does not compress
    const guardrails = Array.from({ length: 5 }, (_, i) => `  - id: g${i}\n    title: "${big(64)}"\n    rationale: "${big(1024)}"\n    check: pattern\n    forbid: ERR\n    paths: ["a.py"]\n`).join(
      '',
    );
    const ws = tmpRepo({ 'a.py': 'ERR\n', 'guardrails.yaml': `version: 1\nguardrails:\n${guardrails}` });
    const r = runAction(ws, { config: 'guardrails.yaml' });
    expect(r.status, r.stderr).toBe(1);
    expect(r.outputs.errors).toBe('5');
    const text = readFileSync(path.join(ws, 'guardrails.sarif'));
    expect(gzipSync(text).length).toBeLessThan(10 * MIB);
    const sarif = JSON.parse(text.toString('utf8'));
    expect(sarif.runs[0].results).toHaveLength(5);
    expect(sarif.runs[0].tool.driver.rules).toHaveLength(5);
    for (const rule of sarif.runs[0].tool.driver.rules) {
      expect(rule.shortDescription.text.length).toBeLessThanOrEqual(1024);
      expect(rule.fullDescription.text.length).toBeLessThanOrEqual(8192);
      expect(rule.fullDescription.text).toMatch(/… \(cut\)$/);
    }
    expect(Buffer.byteLength(r.summary)).toBeLessThan(MIB);
  });

  it('an imported command SARIF with 30,000 rules and results: at most 25,000 rules and 25,000 results, and it says so', () => {
    const rules = Array.from({ length: 30_000 }, (_, i) => ({ id: `R${i}`, shortDescription: { text: `rule ${i}` } }));
    const results = Array.from({ length: 30_000 }, (_, i) => ({
      ruleId: `R${i}`,
      level: 'warning',
      message: { text: `result ${i}` },
      locations: Array.from({ length: i === 0 ? 1500 : 1 }, () => ({ physicalLocation: { artifactLocation: { uri: 'a.py' }, region: { startLine: 1 } } })),
    }));
    const ws = tmpRepo({
      'a.py': 'x\n',
      'tool.json': JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 't', rules } }, results }] }),
      'guardrails.yaml': 'version: 1\nguardrails:\n  - id: tool\n    severity: warning\n    check: command\n    run: cp tool.json tool.sarif\n    sarif: tool.sarif\n',
    });
    const r = runAction(ws, { config: 'guardrails.yaml', 'fail-on': 'none' });
    expect(r.status, r.stderr + r.stdout.slice(-3000)).toBe(0);
    expect(r.outputs.warnings).toBe('30000');
    const sarif = JSON.parse(readFileSync(path.join(ws, 'guardrails.sarif'), 'utf8'));
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.length).toBeLessThanOrEqual(25_000);
    expect(run.results.length).toBeLessThanOrEqual(25_000);
    expect(run.results.length).toBeGreaterThan(20_000);
    for (const res of run.results) {
      expect(res.ruleIndex).toBeLessThan(run.tool.driver.rules.length);
      expect(run.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(res.locations.length).toBeLessThanOrEqual(1000);
    }
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toMatch(/results were left out/);
    expect(r.stdout).toMatch(/^::warning::Left out of the SARIF file to stay within GitHub's upload limits: \d+ of 30000 results, \d+ of 30001 rules no kept result uses/m);
  });
});

describe('limits: the job summary', () => {
  it('a summary that would pass 1 MiB is still written: verdict and counts kept, details dropped, the cut said', () => {
    // 450 guardrails with long titles and rationales, each failing: their sections would pass 1 MiB.
    const title = 'T'.repeat(1024);
    const guardrails = Array.from(
      { length: 450 },
      (_, i) => `  - id: g${i}\n    title: "${title}${i}"\n    rationale: "${'R'.repeat(4 * 1024)}"\n    check: pattern\n    forbid: ERR\n    paths: ["a.py"]\n`,
    ).join('');
    const ws = tmpRepo({ 'a.py': 'ERR\n', 'guardrails.yaml': `version: 1\nguardrails:\n${guardrails}` });
    const r = runAction(ws, { config: 'guardrails.yaml' });
    expect(r.status, r.stderr).toBe(1);
    expect(r.outputs.errors).toBe('450');
    expect(r.summary).toMatch(/^## ❌ Living Architecture: failed — 450 errors in 450 guardrails/);
    expect(Buffer.byteLength(r.summary)).toBeLessThan(MIB);
    expect(r.summary).toMatch(/> Not shown here: [^\n]*\d+ (?:findings|guardrails)[^\n]* — the summary is limited to 1 MiB\./);
    expect(r.stdout).toMatch(/The job summary was shortened to fit GitHub's 1 MiB limit: [^\n]*\d+ (?:findings|guardrails)[^\n]* left out/);
    // Every guardrail keeps its row in the table (the counts), only details were dropped.
    expect(r.summary.match(/^\| ❌ \| \*\*T+…\*\*/gm)).toHaveLength(450);
  });
});
