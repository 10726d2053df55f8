import { describe, expect, it } from 'vitest';
import { Marked } from 'marked';
import { summarize, toSummary, verdictLine } from '../../src/report/summary.js';
import type { Report } from '../../src/types.js';
import { runOn } from '../run.js';

const yaml = `version: 1
guardrails:
  - id: no-print
    title: No print
    severity: warning
    check: pattern
    paths: ["**/*.py"]
    forbid: 'print\\('
  - id: size
    title: Small files
    check: max-lines
    max: 2
    paths: ["**/*.py"]
  - id: fine
    title: Nothing to see
    check: max-lines
    max: 1000
  - id: fine-too
    title: Also fine
    check: max-lines
    max: 1000
`;

/** A run where the gate is fail-on: new and only the size error is new. */
async function newOnly(): Promise<Report> {
  const { report } = await runOn({ 'a.py': 'print(1)\nprint(2)\nprint(3)\n' }, yaml);
  report.failOn = 'new';
  for (const f of report.findings) f.baselineState = f.guardrail === 'size' ? 'new' : 'recurring';
  report.result = 'fail';
  return report;
}

const at = (s: string, needle: string): number => {
  const i = s.indexOf(needle);
  expect(i, `missing: ${needle}`).toBeGreaterThanOrEqual(0);
  return i;
};

describe('job summary: what to fix, first', () => {
  it('the headline counts what the gate counts, the totals second', async () => {
    const report = await newOnly();
    expect(verdictLine(report)).toBe('❌ Living Architecture: failed — 1 new error in `size` (fail-on: new) · 1 error, 3 warnings in all');
    report.failOn = 'none';
    report.result = 'pass';
    expect(verdictLine(report)).toBe('✅ Living Architecture: passed — nothing fails the gate (fail-on: none) · 1 error, 3 warnings in all');
    report.findings = [];
    expect(verdictLine(report)).toBe('✅ Living Architecture: passed — no findings');
  });

  it('orders verdict → what to fix (file:line) → failing guardrails → the rest folded; passing guardrails in one fold', async () => {
    const s = toSummary(await newOnly(), { links: { repository: 'o/r', sha: 'abc' } });
    const verdict = at(s, '## ❌ Living Architecture: failed — 1 new error in `size`');
    const fix = at(s, '### 🔧 What to fix first: 1 new finding failing the gate');
    const fixRow = at(s, '| 🔴 | 🆕 [a.py:3](https://github.com/o/r/blob/abc/a.py#L3)<br><sub>`size`</sub> |');
    const failing = at(s, '### ❌ 2 guardrails with findings');
    const firstDetails = at(s, '<details>');
    const passing = at(s, '<details><summary>✅ 2 guardrails passed</summary>');
    expect(verdict).toBe(0);
    expect(verdict).toBeLessThan(fix);
    expect(fix).toBeLessThan(fixRow);
    expect(fixRow).toBeLessThan(failing);
    expect(failing).toBeLessThan(firstDetails);
    expect(firstDetails).toBeLessThanOrEqual(passing);
    // The passing guardrails are inside their fold, not in the failing table.
    expect(at(s, '**Nothing to see**')).toBeGreaterThan(passing);
    expect(at(s, '**Also fine**')).toBeGreaterThan(passing);
    expect(s.slice(failing, firstDetails)).not.toContain('Nothing to see');
    // The recurring warnings do not fail the gate: they are not in what to fix, only folded below.
    expect(s.slice(fix, failing)).not.toContain('no-print');
    expect(s.lastIndexOf('<code>no-print</code>')).toBeGreaterThan(firstDetails);
    // Nothing is unfolded by default below the fix list.
    expect(s.slice(failing)).not.toContain('<details open>');
  });

  it('lists findings in changed files after the gating ones, saying they do not fail the gate', async () => {
    const { report } = await runOn({ 'a.py': 'print(1)\nprint(2)\nprint(3)\n', 'b.py': 'print(1)\n' }, yaml);
    report.changedFiles = ['b.py'];
    const s = toSummary(report);
    const fix = at(s, '### 🔧 What to fix first: 1 finding failing the gate, 1 other finding in changed files');
    const gating = at(s, '| 🔴 | `a.py:3`<br><sub>`size`</sub> |');
    const changed = at(s, '| 🟠 | `b.py:1`<br><sub>`no-print`</sub> |');
    expect(fix).toBeLessThan(gating);
    expect(gating).toBeLessThan(changed);
    expect(s.slice(changed, s.indexOf('\n', changed))).toContain('does not fail the gate');
    expect(s.slice(fix, at(s, '### ❌'))).not.toContain('a.py:2'); // a.py is not a changed file and its warnings do not gate
  });

  it('escapes hostile messages and files in the fix list', async () => {
    const report = await newOnly();
    const f = report.findings.find((x) => x.guardrail === 'size')!;
    f.message = 'x | y <img src=x onerror=alert(1)> [click](https://evil.example) ';
    f.file = 'a|<b>.py';
    const s = toSummary(report);
    const html = new Marked({ gfm: true }).parse(s) as string;
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain('href="https://evil.example');
    const row = s.split('\n').find((l) => l.includes('`size`</sub> |') && l.includes('🆕'))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(5); // 3 cells: no pipe broke out
  });

  it('keeps the 1 MiB logic: under a tiny budget the verdict and the fix list come first and the cut is said', async () => {
    const { report } = await runOn({ 'a.py': 'x\n' }, yaml);
    report.findings = Array.from({ length: 3000 }, (_, i) => ({
      ruleId: 'size',
      guardrail: 'size',
      level: 'error' as const,
      file: `f${i}.py`,
      line: 1,
      message: 'm'.repeat(300),
      identity: String(i),
    }));
    report.result = 'fail';
    const small = summarize(report, { maxBytes: 12_000 });
    expect(Buffer.byteLength(small.markdown)).toBeLessThanOrEqual(12_000);
    expect(small.markdown.startsWith(`## ${verdictLine(report)}\n`)).toBe(true);
    expect(small.markdown).toContain('### 🔧 What to fix first: 3000 findings failing the gate');
    expect(small.markdown).toContain('| 🔴 | `f0.py:1`<br><sub>`size`</sub> |');
    expect(small.markdown).toMatch(/… and \d+ more \(see the SARIF or JSON report\)/);
    expect(small.cut.length).toBeGreaterThan(0);
    const full = summarize(report);
    expect(full.markdown).toContain('| | | … and 2950 more (see the SARIF or JSON report) |');
  });
});
