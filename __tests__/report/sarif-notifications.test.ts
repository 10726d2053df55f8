import { describe, expect, it } from 'vitest';
import { toSarif } from '../../src/report/sarif.js';
import type { Report } from '../../src/types.js';
import { runOn } from '../run.js';

interface Run {
  results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
  invocations?: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string }; descriptor?: { id: string }; properties?: { guardrail: string } }[] }[];
}
const runOf = (report: Report): Run => (JSON.parse(toSarif(report, { category: 'c' }).json) as { runs: Run[] }).runs[0]!;

const CONFIG = `version: 1
guardrails:
  - id: no-print
    check: pattern
    paths: ['app/**/*.py']
    forbid: '^print\\('
    message: Use logging
  - id: size
    check: max-lines
    max: 100
`;

describe('SARIF: tool problems are notifications, not code alerts', () => {
  it('a tool-problem finding, an errored guardrail and a notice go to toolExecutionNotifications; executionSuccessful is false only for the error', async () => {
    const { report } = await runOn({ 'app/a.py': 'print(1)\n' }, CONFIG);
    const problem = {
      ruleId: 'no-print',
      guardrail: 'no-print',
      level: 'error' as const,
      file: 'infra/selfcheck/guardrails.yaml',
      line: 3,
      identity: 'changes-unknown',
      message: 'no-print cannot be proven: the base commit abc is not in this clone; check out with `fetch-depth: 0`.',
      properties: { toolProblem: true },
    };
    const ok: Report = { ...report, findings: [...report.findings, problem], notices: ['no-print: secrets removed in the push cannot be proven absent: use fetch-depth: 0.'] };
    const r = runOf(ok);
    expect(r.results.map((x) => x.ruleId)).toEqual(['no-print']);
    expect(JSON.stringify(r.results)).not.toContain('guardrails.yaml');
    expect(JSON.stringify(r.results)).not.toContain('fetch-depth');
    const n = r.invocations![0]!;
    expect(n.executionSuccessful).toBe(true);
    expect(n.toolExecutionNotifications).toEqual([
      { level: 'error', message: { text: problem.message }, descriptor: { id: 'no-print' }, properties: { guardrail: 'no-print' } },
      { level: 'note', message: { text: 'no-print: secrets removed in the push cannot be proven absent: use fetch-depth: 0.' }, descriptor: { id: 'no-print' }, properties: { guardrail: 'no-print' } },
    ]);

    const broken: Report = {
      ...report,
      guardrails: report.guardrails.map((g) => (g.id === 'size' ? { ...g, status: 'error' as const, detail: 'internal error: boom' } : g)),
      notices: ['size could not run (internal error: boom). Please report this.', 'a notice about no guardrail'],
    };
    const b = runOf(broken).invocations![0]!;
    expect(b.executionSuccessful).toBe(false);
    expect(b.toolExecutionNotifications).toEqual([
      { level: 'error', message: { text: 'size could not run: internal error: boom' }, descriptor: { id: 'size' }, properties: { guardrail: 'size' } },
      { level: 'note', message: { text: 'a notice about no guardrail' } },
    ]);
  });

  it('a run without notices writes no invocations; the engine’s notices become notes of a successful run', async () => {
    const { report } = await runOn({ 'app/a.py': 'x = 1\n' }, CONFIG);
    expect(runOf({ ...report, notices: [] }).invocations).toBeUndefined();
    expect(report.notices.length).toBeGreaterThan(0);
    const n = runOf(report).invocations![0]!;
    expect(n.executionSuccessful).toBe(true);
    expect(n.toolExecutionNotifications.map((x) => [x.level, x.message.text])).toEqual(report.notices.map((t) => ['note', t]));
  });
});
