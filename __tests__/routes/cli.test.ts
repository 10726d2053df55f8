import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { sink, tmpRepo } from '../helpers.js';

async function cli(args: string[], cwd: string) {
  const out = sink();
  const err = sink();
  const code = await main(args, { stdout: out.stream, stderr: err.stream, cwd, env: {}, isTTY: false });
  return { code, stdout: out.text(), stderr: err.text() };
}

const files = {
  'api/main.py':
    'from fastapi import FastAPI\nfrom api import users\napp = FastAPI()\n@app.get("/health")\ndef h(): ...\napp.include_router(users.router, prefix="/v1")\napp.include_router(nowhere.router)\n',
  'api/users.py': 'from fastapi import APIRouter\nrouter = APIRouter(prefix="/users")\n@router.get("/{id}")\ndef u(): ...\n',
  'vendor/x/app.py': 'from flask import Flask\napp = Flask(__name__)\n@app.get("/vendored")\ndef v(): ...\n',
  'infra/selfcheck/guardrails.yaml': 'version: 1\nexclude: ["vendor/x/**"]\nguardrails: []\n',
};

describe('living-architecture routes', () => {
  it('prints every route with file:line, a count per framework and the notes; honours the config excludes', async () => {
    const root = tmpRepo(files);
    const r = await cli(['routes', '--root', root], '/');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'METHOD  PATH            DECLARED AT     FRAMEWORK',
        'GET     /health         api/main.py:4   fastapi',
        'GET     /v1/users/{id}  api/users.py:3  fastapi',
        '',
        '2 routes (fastapi 2)',
        '',
        'notes:',
        "  api/main.py:7: include_router(nowhere.router): could not resolve 'nowhere.router' to a router; its routes keep their own prefix",
        '',
      ].join('\n'),
    );
  });

  it('--format json gives the routes and notes as data', async () => {
    const root = tmpRepo(files);
    const r = await cli(['routes', '--format', 'json'], root);
    const data = JSON.parse(r.stdout);
    expect(data.routes).toEqual([
      { method: 'GET', path: '/health', file: 'api/main.py', line: 4, framework: 'fastapi' },
      { method: 'GET', path: '/v1/users/{id}', file: 'api/users.py', line: 3, framework: 'fastapi' },
    ]);
    expect(data.notes).toHaveLength(1);
  });

  it('bad options and roots are usage errors (exit 2), --help explains', async () => {
    const root = tmpRepo({});
    expect((await cli(['routes', '--format', 'xml'], root)).code).toBe(2);
    expect((await cli(['routes', '--root', 'missing'], root)).stderr).toMatch(/is not a directory/);
    expect((await cli(['routes', '--bogus'], root)).code).toBe(2);
    const help = await cli(['routes', '--help'], root);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Print every HTTP route/);
    expect((await cli(['--help'], root)).stdout).toMatch(/living-architecture routes/);
    const empty = await cli(['routes'], root);
    expect(empty.stdout).toBe('0 routes\n');
  });
});
