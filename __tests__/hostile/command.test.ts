/**
 * Issue 13, item 12 (first half): a `command` whose child leaves its process group (`setsid`) and
 * keeps the output pipe open must not hold the run past its timeout, and the finding must say
 * honestly what happened. The check has to come back soon after the time limit — this file's own
 * test timeout (generous, far below the 60 s the escaped child would hold the pipe) is the bound;
 * nothing here measures wall-clock time.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tmpRepo } from '../helpers.js';
import { runAction } from '../e2e/runner.js';

const MARKER = `la-hostile-setsid-${process.pid}`;

/** Pids of processes whose command line carries the marker. */
function marked(): number[] {
  const out: number[] = [];
  for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(MARKER)) out.push(Number(p));
    } catch {
      // gone
    }
  }
  return out;
}

afterAll(() => {
  // whatever the outcome, nothing of this test keeps running: each marked process is a session
  // leader (setsid), so its group goes with it
  for (const pid of marked()) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
});

const guardrails = (run: string, timeout: string) => `version: 1
guardrails:
  - id: escapee
    title: A command whose child escapes the process group
    check: command
    timeout: ${timeout}
    run: '${run}'
`;

describe.skipIf(process.platform !== 'linux')('hostile: a command child that calls setsid and holds the output pipe', () => {
  it('times out: the run comes back, the finding says it timed out and what became of the escaped child', () => {
    const ws = tmpRepo({ 'infra/selfcheck/guardrails.yaml': guardrails(`echo started; setsid sh -c "sleep 60; : ${MARKER}" & sleep 30`, '1s') });
    const r = runAction(ws, {});
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(readFileSync(`${r.dir}/living-architecture-report.json`, 'utf8'));
    const g = report.guardrails.find((x: { id: string }) => x.id === 'escapee');
    expect(g.detail).toMatch(/^timed out/);
    expect(g.output).toContain('started');
    const f = report.findings.find((x: { ruleId: string }) => x.ruleId === 'escapee');
    expect(f.message).toMatch(/did not finish within 1s/);
    // honest: either the escaped process was found and ended, or the message says it may still run
    expect(f.message).toMatch(/session of its own .*(was ended too|may still be running)/);
    if (/was ended too/.test(f.message)) expect(marked()).toEqual([]);
  }, 40_000);

  it('exits in time but leaves a setsid child holding the output: the run comes back and says so', () => {
    const ws = tmpRepo({ 'infra/selfcheck/guardrails.yaml': guardrails(`setsid sh -c "sleep 60; : ${MARKER}" & echo done`, '30s') });
    const r = runAction(ws, {});
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(`${r.dir}/living-architecture-report.json`, 'utf8'));
    const g = report.guardrails.find((x: { id: string }) => x.id === 'escapee');
    expect(g.status).toBe('pass');
    expect(g.output).toContain('done');
    expect(g.detail).toMatch(/session of its own .*(was ended|may still be running)/);
  }, 40_000);

  it('an escaped child that also clears its environment cannot be found: the run still comes back, and says it may still be running', () => {
    const ws = tmpRepo({ 'infra/selfcheck/guardrails.yaml': guardrails(`env -i /usr/bin/setsid /bin/sh -c "sleep 60; : ${MARKER}" & sleep 30`, '1s') });
    const r = runAction(ws, {});
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(readFileSync(`${r.dir}/living-architecture-report.json`, 'utf8'));
    const f = report.findings.find((x: { ruleId: string }) => x.ruleId === 'escapee');
    expect(f.message).toMatch(
      /did not finish within 1s; its process group was ended, but a process it started in a session of its own \(setsid\) still holds its output open and may still be running/,
    );
  }, 40_000);
});
