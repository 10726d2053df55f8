import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { diffMapAgainstCode, generateMapText, openCode } from '../../src/map/api.js';
import { sink, tmpRepo, write } from '../helpers.js';
import { APP, GOOD_MAP, MAP_PATH, mapText } from './fixture.js';

async function generated(files: Record<string, string>): Promise<string> {
  const root = tmpRepo(files);
  const { text } = await generateMapText(await openCode(root), path.join(root, MAP_PATH), MAP_PATH);
  write(root, MAP_PATH, text);
  return root;
}

describe('map diff', () => {
  it('a freshly generated map matches the code', async () => {
    const root = await generated(APP);
    const r = await diffMapAgainstCode(root);
    expect(r).toMatchObject({ changed: false, missing: false, text: `${MAP_PATH} matches the code.\n` });
    expect(r.markdown).toBe(`### ✅ Intelligence map matches the code\n\n\`${MAP_PATH}\` describes the code as it is.\n`);
  });

  it('modules added and removed, dependencies changed, routes added and removed — as text and Markdown', async () => {
    const root = await generated(APP);
    write(root, 'backend/reports.py', 'from backend.db import session\n');
    write(root, 'backend/main.py', APP['backend/main.py'].replace('from backend.db import session\n', 'from backend import reports\n').replace('@app.get("/health")', '@app.get("/healthz")'));
    rmSync(path.join(root, 'backend/cache.py'));
    const r = await diffMapAgainstCode(root, MAP_PATH);
    expect(r.changed).toBe(true);
    expect(r.diff).toEqual({
      map: MAP_PATH,
      modulesAdded: ['backend/reports.py'],
      modulesRemoved: ['backend/cache.py'],
      dependencies: [{ module: 'backend/main.py', added: ['backend/reports.py'], removed: ['backend/db.py'] }],
      routesAdded: ['GET /healthz'],
      routesRemoved: ['GET /health'],
      criticalPaths: [],
      records: { imports: true, routes: true },
    });
    expect(r.text).toBe(
      [
        `${MAP_PATH} differs from the code: 5 changes.`,
        '',
        'Modules added (no map entry):',
        '  + backend/reports.py',
        '',
        'Modules removed (no longer in the code):',
        '  - backend/cache.py',
        '',
        'Dependencies changed:',
        '  backend/main.py',
        '    + backend/reports.py',
        '    - backend/db.py',
        '',
        'Routes added:',
        '  + GET /healthz',
        '',
        'Routes removed:',
        '  - GET /health',
        '',
      ].join('\n'),
    );
    expect(r.markdown).toContain('### 🧭 Intelligence map drift: 5 changes');
    expect(r.markdown).toContain('#### Dependencies changed\n\n- `backend/main.py`: +`backend/reports.py`, −`backend/db.py`\n');
    expect(r.markdown).toContain('#### Routes removed\n\n- `GET /health`\n');
  });

  it('a hand-written map without recorded imports: modules and critical paths still compare, and it says how to record the rest', async () => {
    const m = JSON.parse(JSON.stringify(GOOD_MAP));
    m.goals.auth.criticalPaths.push('POST /api/auth/refresh');
    const root = tmpRepo({ ...APP, 'backend/reports.py': 'x = 1\n', [MAP_PATH]: mapText(m) });
    const r = await diffMapAgainstCode(root);
    expect(r.diff).toMatchObject({
      modulesAdded: ['backend/reports.py'],
      modulesRemoved: [],
      dependencies: [],
      routesAdded: [],
      criticalPaths: [{ goal: 'auth', path: 'POST /api/auth/refresh' }],
      records: { imports: false },
    });
    expect(r.text).toContain('Critical paths with no route:\n  - POST /api/auth/refresh (goal auth)\n');
    expect(r.text).toContain('The map records no imports or routes: run `living-architecture map generate` to record them and see their changes.');
  });

  it('no map: nothing to compare, said plainly; the CLI exits 1 on drift and writes --out', async () => {
    const bare = tmpRepo(APP);
    expect(await diffMapAgainstCode(bare)).toMatchObject({
      changed: false,
      missing: true,
      text: `No intelligence map at ${MAP_PATH}: nothing to compare (\`living-architecture map generate\` writes one).\n`,
    });
    const root = await generated(APP);
    const run = async (args: string[]) => {
      const out = sink();
      const err = sink();
      const code = await main(args, { stdout: out.stream, stderr: err.stream, cwd: root, env: {}, isTTY: false });
      return { code, out: out.text(), err: err.text() };
    };
    expect((await run(['map', 'diff'])).code).toBe(0);
    write(root, 'backend/reports.py', 'x = 1\n');
    const md = await run(['map', 'diff', '--format', 'markdown', '--out', 'drift.md']);
    expect(md.code).toBe(1);
    expect(md.out).toContain('- `backend/reports.py`');
    const json = await run(['map', 'diff', '--format', 'json']);
    expect(JSON.parse(json.out)).toMatchObject({ changed: true, diff: { modulesAdded: ['backend/reports.py'] } });
  });
});
