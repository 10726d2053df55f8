/**
 * Issue 13, item 7: the runner reads every line a step prints as a possible workflow command (`::`
 * at the start after white space; the legacy `##[command]` anywhere). Folder and file names, a
 * guardrail's title and a multi-line `run:` are the pull request's; none may forge an annotation,
 * mask a value or stop command processing, in the Action's log or in the CLI's output.
 */
import { describe, expect, it } from 'vitest';
import { tmpRepo } from '../helpers.js';
import { parseAnnotations, runAction, runCli } from '../e2e/runner.js';

const CONFIG = `version: 1
guardrails:
  - id: tiny-files
    title: "Tiny files\\n::error file=x::FORGED-title\\r::add-mask::FORGED-mask-title %0A::error::FORGED-percent"
    rationale: "why\\n::stop-commands::FORGED-stop"
    check: max-lines
    paths: ["**/*.py"]
    max: 1
  - id: no-cycles
    check: no-cycles
    language: python
  - id: lint
    title: lint
    check: command
    run: |
      true
      ::error::FORGED-run 2>/dev/null || true
        ::add-mask::FORGED-run-mask 2>/dev/null || true
      echo '##[add-mask]FORGED-legacy' > /dev/null
`;

const TOKEN = 'ghs_fakeTokenForTests000000000000000000'; // runner.ts's default github-token

/** A repository whose folder and file names are workflow commands. */
function hostileRepo(): string {
  return tmpRepo(
    {
      'infra/selfcheck/guardrails.yaml': CONFIG,
      '::error::FORGED-root/pkg/__init__.py': 'from . import a\nb = 2\n',
      '::error::FORGED-root/pkg/a.py': 'x = 1\ny = 2\n',
      '::add-mask::FORGED-mask/__init__.py': 'a = 1\nb = 2\n',
      '##[stop-commands]FORGED-legacy-stop/__init__.py': 'y = 2\nz = 1\n',
      'app/x\n::error::FORGED-newline.py': 'z = 3\nw = 4\n',
      'app/y\r::warning::FORGED-cr.py': 'z = 3\nw = 4\n',
      'app/z\n \u00a0::set-output name=result::FORGED-output.py': 'z = 3\nw = 4\n',
    },
    { git: true },
  );
}

/** The lines the runner sees: split at \n, \r\n and a lone \r; leading .NET white space trimmed. */
function runnerLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.replace(/^[\s\u0085]+/, ''));
}

/**
 * No line of `text` is a workflow command other than the Action's own annotations and debug lines.
 * (A `##[` inside one of those is inert: the runner tries the `::` form first and it succeeds.)
 */
function expectNoForgedCommand(text: string): void {
  for (const line of runnerLines(text)) {
    if (!line.startsWith('::')) {
      expect(line, 'legacy ##[command] form').not.toContain('##[');
      continue;
    }
    const m = /^::([^:]*)::(.*)$/.exec(line);
    expect(m, line).not.toBeNull();
    const [, head, data] = m!;
    if (head === 'add-mask' && data === TOKEN) continue; // the Action masks its token
    expect(head, line).toMatch(/^(error|warning|notice|debug)( |$)/);
    // Properties as @actions/core writes them: every value escaped, so none holds a raw ':' or ','.
    for (const kv of head!.split(' ').slice(1).join(' ').split(',').filter(Boolean)) expect(kv, line).toMatch(/^(title|file|line|col|endLine|endColumn)=[^:,]*$/);
    expect(data, line).not.toMatch(/^FORGED/);
  }
}

describe('dist/index.js: repository text never becomes a workflow command', () => {
  it('folder and file names, a title, a rationale and a multi-line run: stay text in the log', () => {
    const ws = hostileRepo();
    const r = runAction(ws, {});
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expectNoForgedCommand(r.stdout);
    expectNoForgedCommand(r.stderr);
    // The names did reach the log (as text): the test looks where the attack would land.
    expect(r.stdout).toMatch(/python import graph: .*roots: .*FORGED-root/);
    expect(r.stdout).toMatch(/lint: running `true\n/);
    expect(r.stdout).toContain('FORGED-run');
    for (const a of parseAnnotations(r.stdout)) {
      expect(a.message.startsWith('FORGED')).toBe(false);
      expect(a.props.file).not.toBe('x');
    }
    // Annotations for the hostile files exist, their names escaped inside one line by @actions/core.
    const files = parseAnnotations(r.stdout).map((a) => a.props.file);
    expect(files).toContain('app/x\n::error::FORGED-newline.py');
    expect(r.outputs.result).toBe('fail');
  });
});

describe('dist/cli.js: no line of its output is a workflow command', () => {
  it('text output (stdout) and progress (stderr) are neutralised line by line', () => {
    const ws = hostileRepo();
    const r = runCli(['check', '--verbose', '--no-commands'], ws);
    expect(r.status, r.stderr).toBe(1);
    for (const line of runnerLines(r.stdout + r.stderr)) {
      expect(line.startsWith('::'), line).toBe(false);
      expect(line).not.toContain('##[');
    }
    expect(r.stdout).toContain('FORGED-newline.py'); // still shown, as text
  });

  it('--format json stays the same data: names come back exactly after JSON.parse', () => {
    const ws = hostileRepo();
    const r = runCli(['check', '--format', 'json', '--no-commands'], ws);
    expect(r.status, r.stderr).toBe(1);
    for (const line of runnerLines(r.stdout)) {
      expect(line.startsWith('::'), line).toBe(false);
      expect(line).not.toContain('##[');
    }
    const report = JSON.parse(r.stdout) as { findings: { file: string }[] };
    const files = report.findings.map((f) => f.file);
    expect(files).toContain('##[stop-commands]FORGED-legacy-stop/__init__.py');
    expect(files).toContain('app/x\n::error::FORGED-newline.py');
  });
});
