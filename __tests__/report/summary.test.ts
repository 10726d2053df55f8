import { describe, expect, it } from 'vitest';
import { toAnnotations } from '../../src/report/annotations.js';
import { toJson } from '../../src/report/json.js';
import { Marked } from 'marked';
import { SUMMARY_LIMIT, md, prose, summarize, toSummary, verdictLine } from '../../src/report/summary.js';
import { toText } from '../../src/report/text.js';
import type { Finding } from '../../src/types.js';
import { runOn } from '../run.js';

const yaml = `version: 1
guardrails:
  - id: no-print
    title: No print | debugging
    severity: warning
    audit: docs/audit/EXEC_SUMMARY.md#print
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
`;

describe('job summary', () => {
  it('has a verdict line, a row per guardrail and folded findings', async () => {
    const { report } = await runOn({ 'a.py': 'print(1)\nprint(2)\nprint(3)\n' }, yaml);
    const s = toSummary(report, { links: { repository: 'o/r', sha: 'abc' } });
    const lines = s.split('\n');
    expect(lines[0]).toBe('## ❌ Living Architecture: failed — 1 error in `size` (fail-on: error) · 1 error, 3 warnings in all');
    expect(s).toContain(
      '| ❌ | **No print \\| debugging**<br>`no-print` · pattern | 🟠&nbsp;warning | 3 | [EXEC_SUMMARY.md#print](https://github.com/o/r/blob/abc/docs/audit/EXEC_SUMMARY.md#print) |',
    );
    expect(s).toContain('| ✅ | **Nothing to see**');
    expect(s).toContain('<summary>❌ <b>No print | debugging</b> <code>no-print</code> — 3 findings</summary>');
    expect(s).toContain('[a.py:1](https://github.com/o/r/blob/abc/a.py#L1)');
  });

  it('says when the built-in defaults ran', async () => {
    const { report } = await runOn({ 'a.py': 'x\n' }, null);
    expect(toSummary(report)).toMatch(/No guardrails file at infra\/selfcheck\/guardrails.yaml: ran the built-in defaults/);
  });

  it('stays under GitHub’s 1 MiB limit with a huge number of findings', async () => {
    const { report } = await runOn({ 'a.py': 'x\n' }, yaml);
    const many: Finding[] = [];
    for (let i = 0; i < 50_000; i++)
      many.push({
        ruleId: ['no-print', 'size', 'fine'][i % 3]!,
        guardrail: ['no-print', 'size', 'fine'][i % 3]!,
        level: 'warning',
        file: `dir/file${i}.py`,
        line: i,
        message: 'x'.repeat(200),
        identity: String(i),
      });
    report.findings = many;
    for (const g of report.guardrails) g.findings = many.filter((f) => f.ruleId === g.id).length;
    const s = toSummary(report);
    expect(Buffer.byteLength(s)).toBeLessThan(SUMMARY_LIMIT);
    expect(s).toMatch(/… and \d+ more/);
  });

  it('fits any budget: verdict and guardrail rows first, then fewer finding rows, then none, and says what it cut', async () => {
    const { report } = await runOn({ 'a.py': 'x\n' }, yaml);
    report.findings = Array.from(
      { length: 3000 },
      (_, i): Finding => ({
        ruleId: ['no-print', 'size'][i % 2]!,
        guardrail: ['no-print', 'size'][i % 2]!,
        level: 'warning',
        file: `f${i}.py`,
        line: 1,
        message: 'm'.repeat(300),
        identity: String(i),
      }),
    );
    const full = summarize(report);
    expect(full.cut).toEqual([]);
    const small = summarize(report, { maxBytes: 40_000, sarifCut: ['5 of 3000 results'] });
    expect(Buffer.byteLength(small.markdown)).toBeLessThanOrEqual(40_000);
    expect(small.markdown.startsWith(`## ${verdictLine(report)}\n`)).toBe(true);
    expect(small.markdown).toContain("> Left out of the SARIF file to stay within GitHub's upload limits: 5 of 3000 results.");
    expect(small.markdown).toContain('| ✅ | **Nothing to see**');
    expect(small.cut.join(', ')).toMatch(/finding rows of|\d+ findings/);
    expect(small.markdown).toContain(`> Not shown here: ${small.cut.join(', ')} — the summary is limited to 1 MiB.`);
    const tiny = summarize(report, { maxBytes: 6000 });
    expect(Buffer.byteLength(tiny.markdown)).toBeLessThanOrEqual(6000);
    expect(tiny.markdown.startsWith(`## ${verdictLine(report)}\n`)).toBe(true);
    expect(tiny.cut.length).toBeGreaterThan(0);
  });

  it('escapes table cells', () => {
    expect(md('a|b\n<script>')).toBe('a\\|b<br>&lt;script&gt;');
  });

  it('shows messages literally: * _ ~ \\ are not Markdown, `code spans` stay code', () => {
    expect(prose('CORS_ORIGINS contains "*": ["*"] in a/**/b ~x~ _y_')).toBe('CORS_ORIGINS contains "\\*": &#91;"\\*"&#93; in a/\\*\\*/b \\~x\\~ \\_y\\_');
    expect(prose('found `allow_origins=["*"]` | a\\d')).toBe('found `allow_origins=["*"]` \\| a\\\\d');
    const html = new Marked({ gfm: true }).parse(`| What |\n|---|\n| ${prose('CORS_ORIGINS contains the forbidden value "*": ["*"] (found `a_b*`) in backend/**/*.py')} |\n`) as string;
    expect(html).not.toMatch(/<em>|<strong>|<del>/);
    expect(html).toContain('CORS_ORIGINS contains the forbidden value &quot;*&quot;: [&quot;*&quot;] (found <code>a_b*</code>) in backend/**/*.py');
  });
});

describe('annotations', () => {
  it('most important first, ten per type, and counts the rest', async () => {
    const { report } = await runOn({ 'a.py': 'x\n' }, yaml);
    const many: Finding[] = [];
    for (let i = 0; i < 15; i++) many.push({ ruleId: 'size', level: 'warning', file: `w${i}.py`, line: 1, message: 'w', identity: String(i) });
    for (let i = 0; i < 12; i++) many.push({ ruleId: 'size', level: 'error', file: `e${i}.py`, line: 2, column: 3, message: 'e', identity: String(i) });
    report.findings = many;
    const { annotations, omitted } = toAnnotations(report, { prefix: 'backend', changedFiles: new Set(['e11.py']) });
    expect(annotations.filter((a) => a.level === 'error')).toHaveLength(10);
    expect(annotations.filter((a) => a.level === 'warning')).toHaveLength(10);
    expect(annotations[0]).toMatchObject({ level: 'error', file: 'backend/e11.py', startLine: 2, startColumn: 3, title: 'Small files (size)' });
    expect(omitted).toEqual({ error: 2, warning: 5, note: 0 });
  });

  it('shares the ten per type with the step: perType leaves room for its own messages', async () => {
    const { report } = await runOn({ 'a.py': 'x\n' }, yaml);
    report.findings = Array.from({ length: 12 }, (_, i): Finding => ({ ruleId: 'size', level: 'error', file: `e${i}.py`, line: 1, message: 'e', identity: String(i) }));
    const { annotations, omitted } = toAnnotations(report, { perType: { error: 9, warning: 20 } });
    expect(annotations).toHaveLength(9);
    expect(omitted.error).toBe(3);
    expect(toAnnotations(report, { perType: { error: -2 } }).annotations).toEqual([]);
  });
});

describe('text and JSON', () => {
  it('text: plain without colour, coloured with it', async () => {
    const { report } = await runOn({ 'a.py': 'print(1)\n' }, yaml);
    const plain = toText(report, { color: false });
    expect(plain).not.toMatch(/\u001b\[/);
    expect(plain).toMatch(/▲ no-print \(warning\) 1 finding\n {4}a\.py:1:1 {2}warning {2}Forbidden pattern/);
    expect(plain.trimEnd().split('\n').pop()).toMatch(/^PASS 0 errors, 1 warning, 0 notes \(fail-on: error/);
    expect(toText(report, { color: true })).toMatch(/\u001b\[32m/);
  });

  it('JSON report has everything but the machine path', async () => {
    const { report } = await runOn({ 'a.py': 'print(1)\n' }, yaml);
    const j = JSON.parse(toJson(report));
    expect(j.reportVersion).toBe(1);
    expect(j.root).toBeUndefined();
    expect(j.findings[0]).toMatchObject({ ruleId: 'no-print', file: 'a.py', line: 1 });
    expect(j.guardrails.map((g: { id: string }) => g.id)).toEqual(['no-print', 'size', 'fine']);
  });
});
