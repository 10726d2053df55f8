import { describe, expect, it } from 'vitest';
import { runOn } from '../run.js';

const cfg = (body: string) => `version: 1\nguardrails:\n  - id: health\n    check: routes-exist\n${body}`;

const files = {
  'backend/main.py':
    'from fastapi import FastAPI\nfrom backend import users\napp = FastAPI()\n@app.get("/health")\ndef h(): ...\n@app.get("/health/readiness")\ndef r(): ...\napp.include_router(users.router, prefix="/api")\n',
  'backend/users.py': 'from fastapi import APIRouter\nrouter = APIRouter(prefix="/users")\n@router.get("/{user_id}")\ndef u(): ...\n',
  'web/app/health/liveness/route.ts': 'export function GET() {}\n',
  'web/package.json': '{}',
};

describe('routes-exist', () => {
  it('a missing route is a finding at its own line of the list, naming the nearest routes', async () => {
    const { report } = await runOn(files, cfg('    paths: ["backend/**"]\n    routes:\n      - GET /health\n      - GET /api/users/{id}\n      - GET /health/liveness\n      - POST /health\n'));
    expect(report.findings.map((f) => [f.file, f.line, f.message])).toEqual([
      [
        'infra/selfcheck/guardrails.yaml',
        9,
        'GET /health/liveness is not a route in backend/**; nearest: GET /health/readiness (backend/main.py:6), GET /health (backend/main.py:4), GET /api/users/{user_id} (backend/users.py:3)',
      ],
      [
        'infra/selfcheck/guardrails.yaml',
        10,
        'POST /health is not a route in backend/**; nearest: GET /health (backend/main.py:4), GET /health/readiness (backend/main.py:6), GET /api/users/{user_id} (backend/users.py:3)',
      ],
    ]);
    expect(report.findings[0]).toMatchObject({ identity: 'missing:GET /health/liveness', properties: { route: 'GET /health/liveness' } });
    expect(report.guardrails[0]).toMatchObject({ status: 'fail', detail: '3 routes in scope, 4 routes in the repository' });
  });

  it('paths decide which declarations count; without paths every route counts', async () => {
    const { report } = await runOn(files, cfg('    routes: ["GET /health/liveness", "GET /api/users/:id"]\n'));
    expect(report.findings).toEqual([]);
    const { report: r2 } = await runOn(files, cfg('    paths: ["backend/**"]\n    exclude: ["backend/users.py"]\n    routes: ["GET /api/users/:id"]\n'));
    expect(r2.findings.map((f) => f.line)).toEqual([7]);
  });

  it('an item that is not METHOD /path is a configuration error at its line', async () => {
    await expect(runOn(files, cfg('    routes:\n      - GET /ok\n      - FETCH /health\n'))).rejects.toMatchObject({ line: 7 });
    await expect(runOn(files, cfg('    routes: ["health"]\n'))).rejects.toThrow(/routes/);
  });
});
