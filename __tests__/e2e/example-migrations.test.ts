import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpRepo } from '../helpers.js';
import { REPO, runCli } from './runner.js';

describe('dist/cli.js on the reference example: migrations and ADRs', () => {
  it('reports exactly the planted violations (two unlabelled Alembic heads, ADR 0003 without a status) and none of the decoys', () => {
    const out = tmpRepo({});
    const json = path.join(out, 'r.json');
    const r = runCli(['check', '--root', path.join(REPO, 'examples/reference-system'), '--only', 'migrations-single-head,adr-well-formed', '--json', json], REPO);
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    const got = report.findings.map((f: { ruleId: string; level: string; file: string; line: number }) => `${f.ruleId} ${f.level} ${f.file}:${f.line}`);
    expect(got).toEqual([
      'migrations-single-head error backend/alembic/versions/7ede68b0258d_add_audit_log.py:16',
      'migrations-single-head error backend/alembic/versions/f4f85360dbef_index_events_by_user_and_time.py:15',
      'adr-well-formed warning docs/adr/0003-split-main-into-routers.md:1',
    ]);
    const [head1, head2, adr] = report.findings;
    for (const h of [head1, head2]) {
      expect(h.message).toContain('one of 2 heads without a branch label: 7ede68b0258d and f4f85360dbef (both revise d8e6df371368)');
      expect(h.message).toContain('`alembic merge -m "merge heads" 7ede68b0258d f4f85360dbef`');
      expect(h.properties).toMatchObject({ tool: 'alembic', heads: ['7ede68b0258d', 'f4f85360dbef'] });
    }
    expect(adr.message).toMatch(/^ADR 0003 \(3\. Split backend\/main\.py into routers\) has no status/);
    const details = Object.fromEntries(report.guardrails.map((g: { id: string; detail: string }) => [g.id, g.detail]));
    expect(details).toEqual({
      'migrations-single-head': '5 revisions in backend/alembic/versions (from backend/alembic.ini), 2 heads: 7ede68b0258d, f4f85360dbef',
      'adr-well-formed': '3 records in docs/adr; changes-require-adr not checked: not run on a GitHub event (no pull request to compare)',
    });
  });
});
