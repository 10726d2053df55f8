import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tmpRepo } from '../helpers.js';
import { REPO, runAction, runCli, type ActionRun } from './runner.js';

/**
 * The README's workflows, replayed as written: the step that uses this Action runs dist/index.js
 * with exactly its `with:` inputs, then the later steps' `if:` expressions (and a gate step's
 * script) are evaluated against the outputs the Action wrote, as the runner would.
 */

const EXAMPLE = path.join(REPO, 'examples/reference-system');
const README = readFileSync(path.join(REPO, 'README.md'), 'utf8');

type Step = { id?: string; name?: string; uses?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, unknown>; run?: string };
type Workflow = { jobs: Record<string, { steps: Step[] }> };

/** The first workflow (a yaml block with `on:` and `jobs:`) after the heading that starts with `heading`. */
function workflowAfter(heading: string): Workflow {
  const at = README.search(new RegExp(`^#+ ${heading.replace(/[.*+?^${}()|[\]\\`]/g, '\\$&')}`, 'm'));
  expect(at, `README heading ${heading}`).toBeGreaterThanOrEqual(0);
  for (const m of README.slice(at).matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
    if (/^on:/m.test(m[1]!) && /^jobs:/m.test(m[1]!)) return parse(m[1]!) as Workflow;
  }
  throw new Error(`no workflow after ${heading}`);
}

/** The job's steps: the one that uses this Action and those after it. */
function actionStep(wf: Workflow): { step: Step; later: Step[] } {
  const steps = Object.values(wf.jobs)[0]!.steps;
  const i = steps.findIndex((s) => s.uses?.startsWith('living-architecture/guardrails@'));
  expect(i, 'a step uses living-architecture/guardrails').toBeGreaterThanOrEqual(0);
  return { step: steps[i]!, later: steps.slice(i + 1) };
}

interface Ctx {
  eventName: string;
  steps: Record<string, { outputs: Record<string, string>; outcome: 'success' | 'failure' }>;
  /** Did every earlier step succeed (success())? */
  ok: boolean;
}

/**
 * A GitHub Actions expression, the part of the language the README uses: `a && b`, `a || b`,
 * `!a`, `==`, `!=`, parentheses, 'strings', numbers, true/false, always()/success()/failure(),
 * `github.event_name` and `steps.<id>.outputs.<name>` / `steps.<id>.outcome`. Anything else
 * throws, so the README cannot drift into syntax this test silently misreads.
 */
function evaluate(expr: string, ctx: Ctx): unknown {
  const tokens = expr.match(/\s*(&&|\|\||==|!=|!|\(|\)|'(?:[^']|'')*'|[A-Za-z_][\w.-]*\(\)|[A-Za-z_][\w.-]*|\d+(?:\.\d+)?)\s*/gy);
  if (!tokens || tokens.join('').length !== expr.length) throw new Error(`expression not understood: ${expr}`);
  const t = tokens.map((s) => s.trim());
  let i = 0;
  const peek = (): string | undefined => t[i];
  const eq = (a: unknown, b: unknown): boolean =>
    typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : typeof a === 'number' || typeof b === 'number' ? Number(a) === Number(b) : a === b;
  const truthy = (v: unknown): boolean => v !== false && v !== '' && v !== 0 && v !== null && v !== undefined;
  const or = (): unknown => {
    let v = and();
    while (peek() === '||') {
      i++;
      const r = and();
      v = truthy(v) ? v : r;
    }
    return v;
  };
  const and = (): unknown => {
    let v = cmp();
    while (peek() === '&&') {
      i++;
      const r = cmp();
      v = truthy(v) ? r : v;
    }
    return v;
  };
  const cmp = (): unknown => {
    const a = unary();
    if (peek() === '==' || peek() === '!=') {
      const op = t[i++];
      const b = unary();
      return op === '==' ? eq(a, b) : !eq(a, b);
    }
    return a;
  };
  const unary = (): unknown => {
    if (peek() === '!') {
      i++;
      return !truthy(unary());
    }
    return primary();
  };
  const primary = (): unknown => {
    const tok = t[i++];
    if (tok === undefined) throw new Error(`expression ends early: ${expr}`);
    if (tok === '(') {
      const v = or();
      if (t[i++] !== ')') throw new Error(`missing ) in ${expr}`);
      return v;
    }
    if (tok.startsWith("'")) return tok.slice(1, -1).replace(/''/g, "'");
    if (/^\d/.test(tok)) return Number(tok);
    if (tok === 'true' || tok === 'false') return tok === 'true';
    if (tok === 'always()') return true;
    if (tok === 'success()') return ctx.ok;
    if (tok === 'failure()') return !ctx.ok;
    if (tok === 'github.event_name') return ctx.eventName;
    const step = /^steps\.([\w-]+)\.(outputs\.([\w-]+)|outcome)$/.exec(tok);
    if (step) {
      const s = ctx.steps[step[1]!];
      if (!s) return '';
      return step[3] ? (s.outputs[step[3]] ?? '') : s.outcome;
    }
    throw new Error(`unknown term ${tok} in ${expr}`);
  };
  const v = or();
  if (i !== t.length) throw new Error(`trailing ${t.slice(i).join(' ')} in ${expr}`);
  return v;
}

/** A step's `if:` as the runner decides it: without a status function it is `success() && (…)`. */
function runs(step: Step, ctx: Ctx): boolean {
  if (step.if === undefined) return ctx.ok;
  const expr = String(step.if)
    .replace(/^\$\{\{([\s\S]*)\}\}$/, '$1')
    .trim();
  const v = evaluate(/\b(always|success|failure|cancelled)\(\)/.test(expr) ? expr : `success() && (${expr})`, ctx);
  return v !== false && v !== '' && v !== 0 && v !== null && v !== undefined;
}

/** `${{ … }}` in a value replaced by what the expression gives (as the runner stringifies it). */
function interpolate(value: unknown, ctx: Ctx): string {
  return String(value).replace(/\$\{\{([\s\S]*?)\}\}/g, (_, e: string) => String(evaluate(e.trim(), ctx)));
}

/** The reference example as a git repository of its own. */
function exampleRepo(): string {
  const dir = tmpRepo({});
  cpSync(EXAMPLE, dir, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'init');
  return dir;
}

/** Run the Action step as written (its inputs interpolated) on a workspace, as a pull_request run whose both ends are its HEAD. */
function replay(step: Step, workspace: string): { run: ActionRun; ctx: Ctx } {
  const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: workspace, encoding: 'utf8' }).trim();
  const event = { action: 'opened', number: 7, pull_request: { number: 7, head: { sha }, base: { sha, ref: 'main' } } };
  const pre: Ctx = { eventName: 'pull_request', steps: {}, ok: true };
  const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(v, pre)]));
  const run = runAction(workspace, inputs, { eventName: 'pull_request', event, env: { GITHUB_SHA: sha } });
  expect(run.status, run.stderr).not.toBe(2); // a usage or internal error is no verdict
  const outcome = run.status === 0 ? 'success' : 'failure';
  return { run, ctx: { eventName: 'pull_request', steps: { [step.id!]: { outputs: run.outputs, outcome } }, ok: outcome === 'success' } };
}

/** Every `steps.<id>.outputs.<name>` the later steps read. */
function outputsRead(later: Step[], id: string): string[] {
  const text = JSON.stringify(later);
  return [...new Set([...text.matchAll(new RegExp(`steps\\.${id}\\.outputs\\.([\\w-]+)`, 'g'))].map((m) => m[1]!))].sort();
}

describe('the README Quick start workflow, replayed on the reference example', () => {
  const wf = workflowAfter('Quick start');
  const { step, later } = actionStep(wf);
  const upload = later.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;

  it('the expression reader is strict and right about the cases the README needs', () => {
    const ctx: Ctx = { eventName: 'pull_request', steps: { g: { outputs: { 'sarif-file': 'x.sarif', n: '0' }, outcome: 'failure' } }, ok: false };
    expect(evaluate("always() && steps.g.outputs.sarif-file != ''", ctx)).toBe(true);
    expect(evaluate("steps.g.outputs.missing != ''", ctx)).toBe(false);
    expect(evaluate("github.event_name == 'PULL_REQUEST'", ctx)).toBe(true); // GitHub compares strings ignoring case
    expect(runs({ if: "steps.g.outputs.sarif-file != ''" }, ctx)).toBe(false); // implicit success()
    expect(() => evaluate("contains(steps.g.outputs.n, '0')", ctx)).toThrow();
    expect(() => evaluate('steps.g.outputs.n > 0', ctx)).toThrow();
  });

  it('uses the Action with inputs it knows, and the later steps read outputs it declares', () => {
    const action = parse(readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };
    expect(step.id).toBeTruthy();
    expect(Object.keys(step.with ?? {}).filter((k) => !(k in action.inputs))).toEqual([]);
    const read = outputsRead(later, step.id!);
    expect(read.length).toBeGreaterThan(0);
    expect(read.filter((o) => !(o in action.outputs))).toEqual([]);
    expect(upload, 'the Quick start uploads the SARIF file').toBeDefined();
  });

  it('with a failing finding: the Action step fails (the gate fires), the upload still runs and finds the file under the same category', () => {
    const ws = exampleRepo();
    const { run, ctx } = replay(step, ws);
    expect(run.status, run.stdout.slice(-2000)).toBe(1);
    expect(run.outputs.result).toBe('fail');
    expect(Number(run.outputs.errors)).toBeGreaterThan(0);
    for (const o of outputsRead(later, step.id!)) expect(run.outputs, `output ${o}`).toHaveProperty(o);
    expect(runs(upload, ctx)).toBe(true);
    const sarifPath = path.resolve(ws, interpolate(upload.with!.sarif_file, ctx));
    expect(existsSync(sarifPath), sarifPath).toBe(true);
    const sarif = JSON.parse(readFileSync(sarifPath, 'utf8'));
    expect(sarif.runs[0].automationDetails.id).toBe(`${interpolate(upload.with!.category, ctx)}/`);
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
  });

  it('clean: the Action step passes, and the upload runs too', () => {
    const ws = tmpRepo({ 'app/main.py': 'print("hello")\n' }, { git: true }); // the built-in defaults, nothing to find
    const { run, ctx } = replay(step, ws);
    expect(run.status, run.stdout.slice(-2000)).toBe(0);
    expect(run.outputs.result).toBe('pass');
    expect(runs(upload, ctx)).toBe(true);
    expect(existsSync(path.resolve(ws, interpolate(upload.with!.sarif_file, ctx)))).toBe(true);
  });
});

describe('the README intent-tests workflow (fail-on: none, a gate step on new-findings), replayed', () => {
  const wf = workflowAfter('`ci-intent-tests.yml`');
  const { step, later } = actionStep(wf);
  const gate = later.find((s) => s.run !== undefined && /exit 1/.test(s.run))!;

  /** The gate step as the runner would run it: its `if:`, then its script under bash with its env. */
  function runGate(ctx: Ctx): { ran: boolean; status: number | null; stdout: string } {
    if (!runs(gate, ctx)) return { ran: false, status: null, stdout: '' };
    const env = Object.fromEntries(Object.entries(gate.env ?? {}).map(([k, v]) => [k, interpolate(v, ctx)]));
    const r = spawnSync('bash', ['-e', '-c', gate.run!], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
    return { ran: true, status: r.status, stdout: r.stdout };
  }

  it('has a gate step reading the Action’s outputs', () => {
    expect(gate).toBeDefined();
    expect(step.with?.['fail-on']).toBe('none');
    expect(outputsRead([gate], step.id!).length).toBeGreaterThan(0);
  });

  it('fires on the example’s new findings (the Action step itself passes), and not once a baseline knows them all', () => {
    const ws = exampleRepo();
    const first = replay(step, ws);
    expect(first.run.status).toBe(0); // fail-on: none never fails the step
    for (const o of outputsRead(later, step.id!)) expect(first.run.outputs, `output ${o}`).toHaveProperty(o);
    expect(Number(first.run.outputs['new-findings'])).toBeGreaterThan(0);
    const fired = runGate(first.ctx);
    expect(fired.ran).toBe(true);
    expect(fired.status).toBe(1);
    expect(fired.stdout).toMatch(/^::error title=Architecture::\d+ new or regressed findings/m);

    // Record every finding in the baseline (as the README's "Adopting" section does): nothing is new.
    const b = runCli(['baseline', 'update', '--root', ws], ws);
    expect(b.status, b.stderr).toBe(0);
    const second = replay(step, ws);
    const rep = JSON.parse(readFileSync(path.resolve(ws, second.run.outputs['report-file']!), 'utf8'));
    expect(rep.findings.filter((f: { baselineState?: string }) => f.baselineState !== 'recurring')).toEqual([]);
    expect(second.run.outputs['new-findings']).toBe('0');
    const quiet = runGate(second.ctx);
    expect(quiet.ran).toBe(true);
    expect(quiet.status, quiet.stdout).toBe(0);
  });
});
