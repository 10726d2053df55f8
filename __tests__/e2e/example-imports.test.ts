import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpRepo } from '../helpers.js';
import { REPO, runCli } from './runner.js';

const EXAMPLE = path.join(REPO, 'examples/reference-system');

function findings(only: string): { ruleId: string; file: string; line: number; message: string; properties?: Record<string, unknown> }[] {
  const out = path.join(tmpRepo({}), 'r.json');
  const r = runCli(['check', '--root', EXAMPLE, '--only', only, '--json', out, '--fail-on', 'none'], REPO);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')).findings;
}

describe('the example’s import guardrails, Python and TypeScript (bundled CLI)', () => {
  it('no-circular-frontend: the component cycle, not the type-only one', () => {
    const f = findings('no-circular-frontend');
    expect(f.map((x) => [x.file, x.line, x.properties!.cycle])).toEqual([['frontend/components/EventList.tsx', 8, ['frontend/components/EventList.tsx', 'frontend/components/EventRow.tsx']]]);
    expect(f[0]!.message).toMatch(/^Import cycle: frontend\/components\/EventList.tsx → frontend\/components\/EventRow.tsx → frontend\/components\/EventList.tsx/);
  });

  it('no-circular-backend: the three services in one tangle, decoys not counted', () => {
    const f = findings('no-circular-backend');
    expect(f.map((x) => [x.file, x.line, x.properties!.members])).toEqual([
      ['backend/services/audit.py', 11, ['backend/services/audit.py', 'backend/services/event_service.py', 'backend/services/notifications.py']],
    ]);
  });

  it('backend-layers: models import a service', () => {
    expect(findings('backend-layers').map((x) => [x.file, x.line])).toEqual([['backend/models.py', 34]]);
  });

  it('circuit-breaker-wired: database.py does not import the breaker (a commented import does not count)', () => {
    const f = findings('circuit-breaker-wired');
    expect(f.map((x) => [x.file, x.line, x.message])).toEqual([['backend/database.py', 1, 'backend/database.py does not import anything matching backend/circuit_breaker.py.']]);
  });

  it('components-not-importing-api-handlers: HealthBadge imports the route handler', () => {
    const f = findings('components-not-importing-api-handlers');
    expect(f.map((x) => [x.file, x.line])).toEqual([['frontend/components/HealthBadge.tsx', 1]]);
  });
});
