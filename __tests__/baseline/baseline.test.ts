import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { classify, scopeOf, updateBaseline } from '../../src/baseline/classify.js';
import { daysBetween, isDay, todayOf } from '../../src/baseline/dates.js';
import { parseBaseline, serializeBaseline, type Baseline } from '../../src/baseline/file.js';
import { ConfigError } from '../../src/errors.js';
import type { Finding } from '../../src/types.js';
import { write } from '../helpers.js';
import { runIn, runOn } from '../run.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/baseline.schema.json', import.meta.url), 'utf8'));

const yaml = `version: 1
guardrails:
  - id: no-print
    check: pattern
    paths: ["**/*.py"]
    forbid: 'print\\('
  - id: no-eval
    severity: warning
    check: pattern
    paths: ["**/*.py"]
    forbid: 'eval\\('
`;

const BASELINE = 'infra/selfcheck/guardrails-baseline.json';

/** Write the baseline of the repository as it is, as `baseline update` would on `today`. */
async function snapshot(root: string, today: string, prev: Baseline | null = null): Promise<Baseline> {
  const report = await runIn(root, { failOn: 'none' });
  const u = updateBaseline(prev, report.findings, {
    scope: scopeOf(
      report.guardrails,
      report.guardrails.map((g) => g.id),
      [],
    ),
    today,
  });
  write(root, BASELINE, serializeBaseline(u.baseline));
  return u.baseline;
}

function withBaseline(root: string, extra: object = {}) {
  return runIn(root, {
    baseline: { path: path.join(root, BASELINE), display: BASELINE, explicit: false },
    env: { PATH: process.env.PATH, SOURCE_DATE_EPOCH: String(Date.parse('2025-03-01T12:00:00Z') / 1000) },
    ...extra,
  });
}

describe('fingerprints', () => {
  it('a finding keeps its fingerprint when lines are inserted above it, and is recurring', async () => {
    const { report, root } = await runOn({ 'app.py': 'import os\nprint("a")\n' }, yaml);
    const before = report.findings.map((f) => [f.line, f.fingerprint]);
    expect(before).toHaveLength(1);
    await snapshot(root, '2025-02-01');
    write(root, 'app.py', '"""Docstring."""\nimport sys\n\n\nimport os\nprint("a")\n');
    const after = await withBaseline(root, { failOn: 'new' });
    expect(after.findings.map((f) => f.line)).toEqual([6]);
    expect(after.findings[0]!.fingerprint).toBe(before[0]![1]);
    expect(after.findings[0]!.baselineState).toBe('recurring');
    expect(after.counts).toMatchObject({ new: 0, fixed: 0 });
  });

  it('two equal findings in one file keep their own fingerprints when one moves', async () => {
    const { report, root } = await runOn({ 'app.py': 'print(1)\nprint(1)\n' }, yaml);
    const fps = report.findings.map((f) => f.fingerprint);
    expect(new Set(fps).size).toBe(2);
    write(root, 'app.py', '\n\nprint(1)\n\nprint(1)\n');
    expect((await runIn(root)).findings.map((f) => f.fingerprint).sort()).toEqual([...fps].sort());
  });
});

describe('classification', () => {
  it('new, recurring, fixed, then regressed when a fixed finding comes back', async () => {
    const { root } = await runOn({ 'a.py': 'print(1)\n', 'b.py': 'eval(x)\n' }, yaml);
    const b1 = await snapshot(root, '2025-01-01');
    expect(b1.findings.map((e) => [e.file, e.rule, e.firstSeen, e.timesSeen])).toEqual([
      ['a.py', 'no-print', '2025-01-01', 1],
      ['b.py', 'no-eval', '2025-01-01', 1],
    ]);

    // b.py fixed, c.py new.
    write(root, 'b.py', 'x = 1\n');
    write(root, 'c.py', 'print(2)\n');
    const r2 = await withBaseline(root);
    expect(r2.findings.map((f) => [f.file, f.baselineState])).toEqual([
      ['a.py', 'recurring'],
      ['c.py', 'new'],
    ]);
    expect(r2.counts).toMatchObject({ new: 1, fixed: 1 });
    expect(r2.baseline!.fixed.map((e) => e.file)).toEqual(['b.py']);
    const b2 = await snapshot(root, '2025-01-02', b1);
    expect(b2.fixed).toEqual([expect.objectContaining({ file: 'b.py', fixedOn: '2025-01-02', timesFixed: 1, firstSeen: '2025-01-01', lastSeen: '2025-01-01' })]);
    expect(b2.findings.find((e) => e.file === 'a.py')).toMatchObject({ firstSeen: '2025-01-01', lastSeen: '2025-01-02', timesSeen: 2 });

    // b.py reintroduced: regressed, and fail-on: new fails on it.
    write(root, 'b.py', 'eval(x)\n');
    const r3 = await withBaseline(root, { failOn: 'new' });
    expect(r3.findings.find((f) => f.file === 'b.py')!.baselineState).toBe('regressed');
    expect(r3.baseline!.counts).toMatchObject({ new: 0, regressed: 1, recurring: 2, fixed: 0 });
    expect(r3.counts.new).toBe(1);
    expect(r3.result).toBe('fail');
    const b3 = await snapshot(root, '2025-01-03', b2);
    expect(b3.fixed).toEqual([]);
    expect(b3.findings.find((e) => e.file === 'b.py')).toMatchObject({ firstSeen: '2025-01-01', lastSeen: '2025-01-03', timesSeen: 2, timesFixed: 1 });
  });

  it('fail-on: new passes with only recurring findings, and fails on a new one', async () => {
    const { root } = await runOn({ 'a.py': 'print(1)\neval(2)\n' }, yaml);
    await snapshot(root, '2025-01-01');
    const r = await withBaseline(root, { failOn: 'new' });
    expect(r.counts).toMatchObject({ error: 1, warning: 1, new: 0 });
    expect(r.findings.every((f) => f.baselineState === 'recurring')).toBe(true);
    expect(r.result).toBe('pass');
    expect(r.gating).toBe(0);
    // The same findings gate with fail-on: error.
    expect((await withBaseline(root, { failOn: 'error' })).result).toBe('fail');
    write(root, 'z.py', 'eval(3)\n');
    const r2 = await withBaseline(root, { failOn: 'new' });
    expect(r2.result).toBe('fail');
    expect(r2.gating).toBe(1);
  });

  it('a guardrail that did not run (only) or was skipped keeps its entries: they are not fixed', async () => {
    const { root } = await runOn({ 'a.py': 'print(1)\neval(2)\n' }, yaml);
    const b1 = await snapshot(root, '2025-01-01');
    const only = await withBaseline(root, { only: ['no-print'] });
    expect(only.counts.fixed).toBe(0);
    const report = await runIn(root, { only: ['no-print'] });
    const u = updateBaseline(b1, report.findings, { scope: scopeOf(report.guardrails, ['no-print', 'no-eval'], ['no-print']), today: '2025-01-05' });
    expect(u).toMatchObject({ fixed: 0, untouched: 1 });
    expect(u.baseline.findings.find((e) => e.rule === 'no-eval')).toMatchObject({ lastSeen: '2025-01-01' });
    // A guardrail removed from the configuration: its findings are gone, so fixed.
    write(root, 'infra/selfcheck/guardrails.yaml', yaml.split('  - id: no-eval')[0]!);
    const removed = await withBaseline(root);
    expect(removed.baseline!.fixed.map((e) => e.rule)).toEqual(['no-eval']);
  });

  it('missing default baseline: no classification; a notice with fail-on: new. Missing named file: ConfigError', async () => {
    const { root } = await runOn({ 'a.py': 'print(1)\n' }, yaml);
    const r = await withBaseline(root, { failOn: 'new' });
    expect(r.baseline).toBeUndefined();
    expect(r.findings[0]!.baselineState).toBeUndefined();
    expect(r.counts.new).toBe(1);
    expect(r.notices.join('\n')).toMatch(/No baseline at infra\/selfcheck\/guardrails-baseline.json: every finding counts as new/);
    expect((await withBaseline(root, { failOn: 'error' })).notices.join('\n')).not.toMatch(/baseline/);
    await expect(runIn(root, { baseline: { path: path.join(root, 'nope.json'), display: 'nope.json', explicit: true } })).rejects.toThrow(/baseline file not found/);
  });
});

describe('stale entries', () => {
  const entry = (fp: string, fixedOn: string) => ({ fingerprint: fp, rule: 'r', file: 'x.py', firstSeen: '2024-01-01', lastSeen: '2024-01-02', timesSeen: 1, timesFixed: 1, fixedOn });
  const base: Baseline = { version: 1, findings: [], fixed: [entry('aaaaaaaa', '2024-01-03'), entry('bbbbbbbb', '2024-12-01')] };

  it('fixed entries older than staleAfterDays are reported, and dropped by the next update', () => {
    const out = classify([], base, { scope: () => true, today: '2025-01-15', file: 'b.json' });
    expect(out.stale.map((e) => e.fingerprint)).toEqual(['aaaaaaaa']);
    expect(out.counts).toMatchObject({ stale: 1, fixed: 0 });
    const u = updateBaseline(base, [], { scope: () => true, today: '2025-01-15' });
    expect(u.dropped).toBe(1);
    expect(u.baseline.fixed.map((e) => e.fingerprint)).toEqual(['bbbbbbbb']);
  });

  it('staleAfterDays in the file is honoured', () => {
    const out = classify([], { ...base, staleAfterDays: 30 }, { scope: () => true, today: '2025-01-15', file: 'b.json' });
    expect(out.stale.map((e) => e.fingerprint)).toEqual(['aaaaaaaa', 'bbbbbbbb']);
    expect(out.staleAfterDays).toBe(30);
  });
});

describe('the file', () => {
  const f = (file: string, fp: string, ruleId = 'no-print'): Finding => ({ ruleId, guardrail: ruleId, level: 'error', file, line: 1, message: `m ${file}`, identity: file, fingerprint: fp });

  it('is sorted, diff-friendly, valid against schemas/baseline.schema.json, and stable when updated twice a day', () => {
    const u1 = updateBaseline(null, [f('z.py', '11111111'), f('a.py', '22222222'), f('a.py', '00000000', 'a-rule')], { scope: () => true, today: '2025-01-01' });
    const text = serializeBaseline(u1.baseline);
    const parsed = JSON.parse(text);
    expect(parsed.$schema).toBe('https://living-architecture.dev/schemas/baseline.schema.json');
    expect(parsed.findings.map((e: { file: string; rule: string }) => `${e.file} ${e.rule}`)).toEqual(['a.py a-rule', 'a.py no-print', 'z.py no-print']);
    expect(Object.keys(parsed.findings[0])).toEqual(['fingerprint', 'rule', 'file', 'message', 'firstSeen', 'lastSeen', 'timesSeen']);
    expect(text.split('\n').length).toBeGreaterThan(25); // one key per line
    const ajv = new Ajv({ strict: false });
    expect(ajv.validate(schema, parsed), ajv.errorsText()).toBe(true);
    const again = updateBaseline(parseBaseline(text, 'b.json'), [f('z.py', '11111111'), f('a.py', '22222222'), f('a.py', '00000000', 'a-rule')], { scope: () => true, today: '2025-01-01' });
    expect(serializeBaseline(again.baseline)).toBe(text);
    const nextDay = updateBaseline(parseBaseline(text, 'b.json'), [f('z.py', '11111111')], { scope: () => true, today: '2025-01-02' });
    expect(nextDay.baseline.findings).toEqual([expect.objectContaining({ fingerprint: '11111111', timesSeen: 2, lastSeen: '2025-01-02' })]);
    expect(nextDay.baseline.fixed.map((e) => [e.file, e.fixedOn])).toEqual([
      ['a.py', '2025-01-02'],
      ['a.py', '2025-01-02'],
    ]);
  });

  it('keeps no text a finding quotes from the code, and no secret', () => {
    const pass = createHash('sha256').update('baseline-test').digest('base64url').slice(0, 20); // made at run time
    const findings: Finding[] = [
      { ...f('app.py', '33333333'), message: 'Use logging (found `print("hello")`)', properties: { pattern: 'print', match: 'print("hello")' } },
      { ...f('app.py', '44444444', 'cmd'), message: `\`deploy\` exited with code 1: password=${pass}` },
    ];
    const text = serializeBaseline(updateBaseline(null, findings, { scope: () => true, today: '2025-01-01' }).baseline);
    expect(
      JSON.parse(text)
        .findings.map((e: { message: string }) => e.message)
        .sort(),
    ).toEqual(['Use logging (found …)', '`deploy` exited with code 1: password=…']);
    expect(text).not.toContain(pass.slice(0, 8));
  });

  it('the schema has an $id and rejects what the reader rejects', () => {
    expect(schema.$id).toBe('https://living-architecture.dev/schemas/baseline.schema.json');
    const ajv = new Ajv({ strict: false });
    const ok = { version: 1, findings: [], fixed: [] };
    expect(ajv.validate(schema, ok)).toBe(true);
    expect(ajv.validate(schema, { ...ok, findings: [{ fingerprint: 'zz', rule: 'r', file: 'f', firstSeen: '2025-01-01', lastSeen: '2025-01-01', timesSeen: 1 }] })).toBe(false);
    expect(ajv.validate(schema, { ...ok, fixed: [{ fingerprint: 'aaaaaaaa', rule: 'r', file: 'f', firstSeen: '2025-01-01', lastSeen: '2025-01-01', timesSeen: 1 }] })).toBe(false);
  });

  const bad = (text: string): ConfigError => {
    try {
      parseBaseline(text, 'infra/selfcheck/guardrails-baseline.json');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return e as ConfigError;
    }
    throw new Error('expected a ConfigError');
  };
  const entryText = (extra = '') => `{ "fingerprint": "abcdef12", "rule": "r", "file": "a.py", "firstSeen": "2025-01-01", "lastSeen": "2025-01-02", "timesSeen": 1${extra} }`;

  it('a broken file is one ConfigError with file, line and column', () => {
    expect(bad('{\n  "version": 1,\n  "findings": [\n    {"a": 1,}\n  ]\n}').format()).toMatch(/^infra\/selfcheck\/guardrails-baseline\.json:4:13: JSON syntax error: property name expected/);
    expect(bad('').format()).toMatch(/:1:1: the baseline file is empty/);
    expect(bad('{ "version": 2, "findings": [], "fixed": [] }').format()).toMatch(/:1:14: unsupported baseline version 2/);
    expect(bad('{ "version": 1,\n  "findings": [],\n  "fixd": [] }').format()).toMatch(/:1:1: missing required key 'fixed'/);
    /** The error for a file whose third line is `line`, and the column of `needle` in it. */
    const third = (line: string, needle: string): [string, string] => [bad(`{ "version": 1, "fixed": [],\n  "findings": [\n${line}\n  ] }`).format(), `:3:${line.indexOf(needle) + 1}: `];
    let [msg, at] = third(`    ${entryText(', "fixedon": "2025-01-01"')}`, '"fixedon"');
    expect(msg).toContain(`${at}findings[0]: unknown key 'fixedon'\n  hint: did you mean 'fixedOn'?`);
    [msg, at] = third(`    ${entryText().replace('"2025-01-02"', '"2025-02-30"')}`, '"2025-02-30"');
    expect(msg).toContain(`${at}findings[0].lastSeen "2025-02-30" is not a calendar day`);
    [msg, at] = third(`    ${entryText().replace('"2025-01-02"', '"Jan 2"')}`, '"Jan 2"');
    expect(msg).toContain(`${at}findings[0].lastSeen "Jan 2" is not a calendar day (YYYY-MM-DD)`);
    [msg, at] = third(`    ${entryText().replace('"timesSeen": 1', '"timesSeen": "1"')}`, '"1"');
    expect(msg).toContain(`${at}findings[0].timesSeen must be a whole number`);
    [msg, at] = third(`    ${entryText(', "fixedOn": "2025-01-03"')}`, '"2025-01-03"');
    expect(msg).toContain(`${at}findings[0]: 'fixedOn' belongs to entries of 'fixed' only`);
    const dup = `  "fixed": [ ${entryText(', "fixedOn": "2025-01-03"')} ] }`;
    expect(bad(`{ "version": 1,\n  "findings": [ ${entryText()} ],\n${dup}`).format()).toContain(`:3:${dup.indexOf('"abcdef12"') + 1}: fingerprint abcdef12 appears twice (first on line 2)`);
  });
});

describe('dates', () => {
  it('SOURCE_DATE_EPOCH fixes today; days between; calendar days only', () => {
    expect(todayOf({ SOURCE_DATE_EPOCH: '1735689600' })).toBe('2025-01-01');
    expect(todayOf({})).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(daysBetween('2024-12-31', '2025-03-01')).toBe(60);
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2025-02-29')).toBe(false);
  });
});

describe('the baseline guide (docs/formats/baseline.md, linked from the README)', () => {
  it('shows a baseline file the reader accepts', () => {
    const readme = readFileSync(new URL('../../docs/formats/baseline.md', import.meta.url), 'utf8');
    const block = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes('baseline.schema.json'));
    expect(block).toBeDefined();
    const b = parseBaseline(block!, 'README.md');
    expect(b.findings).toHaveLength(1);
    expect(b.fixed).toHaveLength(1);
  });
});
