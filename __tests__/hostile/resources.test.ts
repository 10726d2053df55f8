/**
 * Hostile pull requests against the Action's resources (issue 13, items 10, 12 second half, 13),
 * replayed through the bundled dist/index.js as the runner runs it.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { atFileEnd } from '../cleanup.js';
import { runAction } from '../e2e/runner.js';

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'la-hostile-res-'));
  atFileEnd(() => rmSync(root, { recursive: true, force: true })); // three 50 MB bundles, among others
  for (const [rel, body] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), body);
  }
  return root;
}

/** A minified-looking bundle of `mib` MiB on one line, written in 1 MiB blocks. */
function bigBundle(file: string, mib: number): void {
  const block = Buffer.from('x=1;'.repeat(256 * 1024));
  const fd = openSync(file, 'w');
  try {
    for (let i = 0; i < mib; i++) writeSync(fd, block);
  } finally {
    closeSync(fd);
  }
}

interface SarifLog {
  runs: { results: { ruleId: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; properties?: Record<string, unknown> }[] }[];
}

const sarifOf = (root: string): SarifLog => JSON.parse(readFileSync(path.join(root, 'guardrails.sarif'), 'utf8')) as SarifLog;
const reportOf = (root: string): { workspace: Record<string, unknown> } => JSON.parse(readFileSync(path.join(root, 'guardrails-report.json'), 'utf8')) as { workspace: Record<string, unknown> };

describe('item 10: huge JavaScript files', () => {
  it('three 50 MB minified bundles are skipped (counted and named); the small cycle is still found and every output written', () => {
    const root = tree({
      'infra/selfcheck/guardrails.yaml': 'version: 1\nguardrails:\n  - id: no-js-cycles\n    title: No JS cycles\n    check: no-cycles\n    language: javascript\n',
      'web/a.js': "import { b } from './b.js';\nimport './bundle-1.js';\nexport const a = () => b;\n",
      'web/b.js': "import { a } from './a.js';\nexport const b = () => a;\n",
    });
    for (const k of [1, 2, 3]) bigBundle(path.join(root, 'web', `bundle-${k}.js`), 50);
    // A heap like a loaded runner's: before the fix the graph needs several GB and dies here.
    const run = runAction(root, { 'report-file': 'guardrails-report.json' }, { env: { NODE_OPTIONS: '--max-old-space-size=1024' } });
    expect(run.stderr).not.toMatch(/heap out of memory|internal error/i);
    expect(run.status).toBe(1);
    expect(run.outputs.result).toBe('fail');
    expect(JSON.parse(run.outputs['failed-guardrails']!)).toEqual(['no-js-cycles']);
    const results = sarifOf(root).runs[0]!.results;
    expect(results).toHaveLength(1);
    expect(results[0]!.properties?.members).toEqual(['web/a.js', 'web/b.js']);
    // counted in the report and said in the summary, with the files named
    expect(reportOf(root).workspace).toMatchObject({ skippedLarge: 3 });
    expect(run.summary).toMatch(/Not scanned: 3 over 8 MiB/);
    for (const k of [1, 2, 3]) expect(run.summary).toContain(`<code>web/bundle-${k}.js</code>`);
  }, 60_000);
});

describe('item 12: a catastrophic pattern across many files', () => {
  it('the pattern gives up after a few timeouts and the result says how many files were not checked', () => {
    const files: Record<string, string> = {
      'infra/selfcheck/guardrails.yaml': "version: 1\nguardrails:\n  - id: no-evil\n    title: No evil\n    check: pattern\n    paths: ['data/**']\n    forbid: '^(a+)+$'\n",
    };
    for (let i = 0; i < 40; i++) files[`data/f${String(i).padStart(2, '0')}.txt`] = `${'a'.repeat(48)}!\n`;
    const root = tree(files);
    const run = runAction(root, { 'report-file': 'guardrails-report.json' });
    expect(run.stderr).not.toMatch(/internal error/i);
    expect(run.status).toBe(1);
    const results = sarifOf(root).runs[0]!.results;
    const gaveUp = results.filter((r) => r.properties?.gaveUp === true);
    expect(gaveUp).toHaveLength(1);
    const timedOut = results.filter((r) => r.properties?.timedOut === true && r.properties?.gaveUp !== true);
    expect(timedOut.length).toBeGreaterThan(0);
    expect(timedOut.length).toBeLessThan(10);
    // every file is either reported as timed out or counted as not checked
    const notChecked = Number(/(\d+) files? not checked/.exec(gaveUp[0]!.message.text)?.[1]);
    expect(notChecked + timedOut.length).toBe(40);
    expect(gaveUp[0]!.message.text).toMatch(/gave up after \d+ files timed out/);
    expect(run.summary).toMatch(/gave up after \d+ files timed out/);
  }, 120_000);
});

describe('item 12: a catastrophic pattern in a secrets rules file across many files', () => {
  it('the scan gives up after a few overruns; the result says how many files were not checked', () => {
    const files: Record<string, string> = {
      'infra/selfcheck/guardrails.yaml': "version: 1\nguardrails:\n  - id: no-secrets\n    title: No secrets\n    check: secrets\n    paths: ['data/**']\n    rules-file: .gitleaks.toml\n",
      '.gitleaks.toml': "[[rules]]\nid = 'evil'\ndescription = 'evil'\nregex = '''(a+)+$'''\n",
    };
    for (let i = 0; i < 40; i++) files[`data/f${String(i).padStart(2, '0')}.txt`] = `${'a'.repeat(48)}!\n`;
    const root = tree(files);
    // A short batch budget (20 s by default) keeps the test fast; the give-up rule is the same.
    const run = runAction(root, { 'report-file': 'guardrails-report.json' }, { env: { LA_SECRETS_BUDGET_MS: '500' } });
    expect(run.stderr).not.toMatch(/internal error/i);
    expect(run.status).toBe(1);
    const results = sarifOf(root).runs[0]!.results;
    const gaveUp = results.filter((r) => r.properties?.gaveUp === true);
    const timedOut = results.filter((r) => r.properties?.timedOut === true && r.properties?.gaveUp !== true);
    expect(gaveUp).toHaveLength(1);
    // three overruns, or four when the two workers overran together
    expect(timedOut.length).toBeGreaterThanOrEqual(3);
    expect(timedOut.length).toBeLessThanOrEqual(4);
    expect(Number(gaveUp[0]!.properties?.notChecked) + timedOut.length).toBe(40);
    expect(gaveUp[0]!.message.text).toContain(`gave up after ${timedOut.length} files timed out`);
    expect(gaveUp[0]!.message.text).toContain(`; ${40 - timedOut.length} files not checked`);
    expect(run.summary).toContain(`${40 - timedOut.length} files not checked`);
  }, 120_000);
});

describe('item 13: files that are silently unscanned', () => {
  // The planted value is made at run time (the project scans itself for secrets).
  const key = ['AK', 'IA'].join('') + 'Q7ZMR3XKP5TBW2LN';
  const text = `aws_access_key_id = ${key}\n`;
  const utf16be = (s: string): Buffer => Buffer.from(s, 'utf16le').swap16();

  function hostileTree(): string {
    const root = tree({
      'infra/selfcheck/guardrails.yaml': 'version: 1\nguardrails:\n  - id: no-secrets\n    title: No secrets\n    check: secrets\n',
      'conf/le.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      'conf/be.txt': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]),
      'conf/nul.txt': Buffer.concat([Buffer.from([0]), Buffer.from(text)]),
      'conf/plain.txt': 'nothing here\n',
    });
    // a file name that is not UTF-8 (Latin-1 "café"), holding the secret too
    writeFileSync(Buffer.concat([Buffer.from(path.join(root, 'conf', 'caf')), Buffer.from([0xe9]), Buffer.from('.txt')]), text);
    return root;
  }

  for (const source of ['git', 'walk'] as const) {
    it(`UTF-16 files are scanned; a NUL-led file and a non-UTF-8 name are counted and named (${source})`, () => {
      const root = hostileTree();
      if (source === 'git') execFileSync('git', ['init', '-q'], { cwd: root });
      const run = runAction(root, { 'report-file': 'guardrails-report.json' });
      expect(run.stderr).not.toMatch(/internal error/i);
      expect(run.status).toBe(1);
      const results = sarifOf(root).runs[0]!.results;
      const where = results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri).sort();
      expect(where).toEqual(['conf/be.txt', 'conf/le.txt']);
      // the summary says what was not scanned, with the undecodable name escaped
      expect(run.summary).toMatch(/Not scanned: 1 binary, 1 name not UTF-8/);
      const shown = run.summary.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
      expect(shown).toContain('<code>conf/caf\\xe9.txt</code>');
      expect(shown).toContain('<code>conf/nul.txt</code>');
      expect(reportOf(root).workspace).toMatchObject({ skippedBinary: 1, skippedNames: 1 });
      // and the planted value is nowhere
      for (const out of [run.stdout, run.stderr, run.summary, readFileSync(path.join(root, 'guardrails.sarif'), 'utf8'), readFileSync(path.join(root, 'guardrails-report.json'), 'utf8')]) {
        expect(out).not.toContain(key);
      }
    }, 60_000);
  }
});
