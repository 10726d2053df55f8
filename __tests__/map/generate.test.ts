import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { generateMapText, openCode } from '../../src/map/api.js';
import { parseMap } from '../../src/map/load.js';
import type { IntelligenceMap } from '../../src/map/types.js';
import { sink, tmpRepo, write } from '../helpers.js';
import { APP, MAP_PATH } from './fixture.js';

async function generate(root: string): Promise<{ text: string; added: string[]; removed: string[]; candidates: string[] }> {
  const ctx = await openCode(root);
  const { text, result } = await generateMapText(ctx, path.join(root, MAP_PATH), MAP_PATH);
  return { text, added: result.added, removed: result.removed, candidates: result.candidates };
}

async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const out = sink();
  const err = sink();
  const code = await main(args, { stdout: out.stream, stderr: err.stream, cwd, env: {}, isTTY: false });
  return { code, out: out.text(), err: err.text() };
}

describe('map generate', () => {
  it('writes every source module with its imports, routes and what it wraps, and resilience candidates', async () => {
    const root = tmpRepo(APP);
    const { text, added, candidates } = await generate(root);
    const map = JSON.parse(text) as IntelligenceMap;
    expect(Object.keys(map)).toEqual(['$schema', 'version', 'modules', 'goals', 'resilience', 'truths', 'evolution']);
    expect(map.$schema).toBe('https://living-architecture.dev/schemas/system-intelligence-map.schema.json');
    expect(added).toEqual(['backend/cache.py', 'backend/db.py', 'backend/main.py', 'backend/users.py', 'web/components/List.tsx', 'web/lib/api.ts']);
    expect(map.modules).toEqual({
      'backend/cache.py': { purpose: '', goals: [], wraps: ['cache'] },
      'backend/db.py': { purpose: '', goals: [], wraps: ['database'] },
      'backend/main.py': { purpose: '', goals: [], imports: ['backend/db.py', 'backend/users.py'], routes: ['GET /health', 'POST /api/auth/login'] },
      'backend/users.py': { purpose: '', goals: [], imports: ['backend/db.py'], routes: ['GET /api/users/{user_id}'] },
      'web/components/List.tsx': { purpose: '', goals: [], imports: ['web/lib/api.ts'] },
      'web/lib/api.ts': { purpose: '', goals: [], wraps: ['http'] },
    });
    expect(candidates).toEqual(['database-candidate', 'cache-candidate', 'http-candidate']);
    expect(map.resilience![0]).toEqual({
      id: 'database-candidate',
      candidate: true,
      modules: ['backend/db.py'],
      failureModes: ['database unavailable', 'connection pool exhaustion', 'slow queries'],
      mitigations: [],
      guardrails: [],
    });
    // What it writes is a valid map.
    expect(() => parseMap(text, MAP_PATH, MAP_PATH)).not.toThrow();
  });

  it('generate → edit → regenerate keeps every human field, their order, and the order of modules', async () => {
    const root = tmpRepo(APP);
    const first = JSON.parse((await generate(root)).text) as IntelligenceMap;
    // A person fills in the map: purposes, goals, an owner written before the purpose, a folder entry,
    // goals, truths, evolution, an adopted candidate and their own resilience entry.
    const m = first.modules!;
    m['backend/main.py'] = { owner: 'team-api', purpose: 'the app', goals: ['auth'], imports: m['backend/main.py']!.imports, routes: m['backend/main.py']!.routes, notes: 'split soon' };
    m['backend/users.py'] = { ...m['backend/users.py'], purpose: 'users', goals: ['auth'] };
    delete m['web/components/List.tsx'];
    delete m['web/lib/api.ts'];
    m['web/'] = { purpose: 'the frontend', goals: ['data'] };
    first.goals = { auth: { title: 'Authentication', criticalPaths: ['POST /api/auth/login'], owner: 'ana' }, data: { title: 'Data' } };
    first.truths = [{ id: 'small', statement: 'small files', guardrails: ['size'] }];
    first.evolution = { immediate: [{ item: 'Split main', status: 'planned', guardrails: ['size'], ticket: 'PULSE-12' }], shortTerm: [], longTerm: [] };
    first.resilience = [
      { id: 'postgres', modules: ['backend/db.py'], failureModes: ['down'], mitigations: ['retry'], guardrails: [] },
      { ...first.resilience!.find((r) => r.id === 'cache-candidate')!, id: 'redis', candidate: undefined as never },
      ...first.resilience!.filter((r) => r.id === 'http-candidate'),
    ];
    first['x-reviewed'] = '2024-05-01';
    const edited = `${JSON.stringify(first, null, 2)}\n`;
    write(root, MAP_PATH, edited);

    // The code moves on: a new module, one gone, a new import and a new route.
    write(root, 'backend/reports.py', 'from backend.db import session\n');
    write(root, 'backend/main.py', `${APP['backend/main.py']}from backend import reports\n@app.get("/api/reports")\ndef rep(): ...\n`);
    rmSync(path.join(root, 'backend/cache.py'));

    const again = await generate(root);
    const next = JSON.parse(again.text) as IntelligenceMap;
    expect(again.added).toEqual(['backend/reports.py']);
    expect(again.removed).toEqual(['backend/cache.py']);
    expect(Object.keys(next)).toEqual(Object.keys(first));
    expect(next['x-reviewed']).toBe('2024-05-01');
    expect(Object.keys(next.modules!)).toEqual(['backend/db.py', 'backend/main.py', 'backend/reports.py', 'backend/users.py', 'web/']);
    expect(next.modules!['backend/main.py']).toEqual({
      owner: 'team-api',
      purpose: 'the app',
      goals: ['auth'],
      imports: ['backend/db.py', 'backend/reports.py', 'backend/users.py'],
      routes: ['GET /api/reports', 'GET /health', 'POST /api/auth/login'],
      notes: 'split soon',
    });
    expect(Object.keys(next.modules!['backend/main.py']!)).toEqual(['owner', 'purpose', 'goals', 'imports', 'routes', 'notes']);
    expect(next.modules!['backend/users.py']).toMatchObject({ purpose: 'users', goals: ['auth'] });
    expect(next.modules!['web/']).toEqual({ purpose: 'the frontend', goals: ['data'], wraps: ['http'] });
    expect(next.modules!['backend/reports.py']).toEqual({ purpose: '', goals: [], imports: ['backend/db.py'] });
    expect(next.goals).toEqual(first.goals);
    expect(next.truths).toEqual(first.truths);
    expect(next.evolution).toEqual(first.evolution);
    // Human resilience entries stay as written; candidates are recomputed (web/ wraps http, not covered).
    expect(next.resilience!.map((r) => r.id)).toEqual(['postgres', 'redis', 'http-candidate']);
    expect(next.resilience![1]).toEqual(first.resilience[1]);
    expect(next.resilience![2]!.modules).toEqual(['web/']);

    // Regenerating the regenerated map changes nothing: same bytes.
    write(root, MAP_PATH, again.text);
    expect((await generate(root)).text).toBe(again.text);
  });

  it('the CLI writes the map, says what to fill in, and --check exits 1 while the map is stale', async () => {
    const root = tmpRepo(APP);
    const r = await cli(['map', 'generate', '--root', root], root);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(
      `wrote ${path.join(root, MAP_PATH).slice(root.length + 1)}: 6 modules (6 added, 0 removed), resilience candidates: database-candidate, cache-candidate, http-candidate\n  fill in purpose and goals of 6 new modules: backend/cache.py, backend/db.py, backend/main.py, backend/users.py, web/components/List.tsx, …\n`,
    );
    expect((await cli(['map', 'generate', '--root', root, '--check'], root)).code).toBe(0);
    write(root, 'backend/reports.py', 'import os\n');
    const stale = await cli(['map', 'generate', '--root', root, '--check'], root);
    expect(stale).toMatchObject({ code: 1, out: `${MAP_PATH} would change: 7 modules (1 added, 0 removed), resilience candidates: database-candidate, cache-candidate, http-candidate\n` });
    const out = path.join(root, 'elsewhere.json');
    expect((await cli(['map', 'generate', '--root', root, '--out', out], root)).code).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(out, 'utf8')).modules)).toContain('backend/reports.py');
  });

  it('a JSONC map is read, and the CLI warns that comments are not kept', async () => {
    const root = tmpRepo({ ...APP, [MAP_PATH]: '{\n  // ours\n  "version": 1,\n  "modules": { "backend/db.py": { "purpose": "db", "goals": ["x"] }, },\n}\n' });
    const r = await cli(['map', 'generate', '--root', root], root);
    expect(r.code).toBe(0);
    expect(r.err).toBe(`warning: ${MAP_PATH} had comments or trailing commas; the generated map is plain JSON without them\n`);
    expect(JSON.parse(readFileSync(path.join(root, MAP_PATH), 'utf8')).modules['backend/db.py']).toEqual({ purpose: 'db', goals: ['x'], wraps: ['database'] });
  });

  it('usage mistakes exit 2 with one line', async () => {
    const root = tmpRepo(APP);
    expect(await cli(['map', 'regenerate'], root)).toMatchObject({ code: 2, err: "error: unknown map command 'regenerate'\n  hint: use map generate or map diff\n" });
    writeFileSync(path.join(root, 'bad.json'), '{ "version": 1, "modules": [] }');
    expect(await cli(['map', 'generate', '--root', root, '--map', path.join(root, 'bad.json')], root)).toMatchObject({
      code: 2,
      err: "error: bad.json:1:28: 'modules' must be an object, not a list\n",
    });
  });
});
