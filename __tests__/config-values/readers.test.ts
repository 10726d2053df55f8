import { describe, expect, it } from 'vitest';
import { keyMatches, readAssignments, readerFor, type Assignment } from '../../src/config-values/index.js';

/** key → [line, value] for known values, [line, '?'] for computed ones. */
function table(file: string, text: string): [string, number, unknown][] {
  return readAssignments(file, text).map((a: Assignment) => [a.path.join('.'), a.line, a.value.known ? a.value.value : '?']);
}

describe('.env files', () => {
  it('reads export, quotes, comments and interpolation', () => {
    const text = [
      '# a comment',
      'export SECRET_KEY=abc # trailing comment',
      "SINGLE='it''s # not a comment'",
      'DOUBLE="line1\\nline2"',
      'EMPTY=',
      'SPACED = value with spaces  ',
      'REF=${OTHER}',
      'DEFAULTED=${OTHER:-fallback}',
      'MULTI="first',
      'second"',
      'AFTER=1',
      'LIST=["a","*"]',
      'HASH=a#b',
    ].join('\n');
    expect(table('.env.production', text)).toEqual([
      ['SECRET_KEY', 2, 'abc'],
      ['SINGLE', 3, 'it'],
      ['DOUBLE', 4, 'line1\nline2'],
      ['EMPTY', 5, ''],
      ['SPACED', 6, 'value with spaces'],
      ['REF', 7, '?'],
      ['DEFAULTED', 8, 'fallback'],
      ['MULTI', 9, 'first\nsecond'],
      ['AFTER', 11, '1'],
      ['LIST', 12, ['a', '*']],
      ['HASH', 13, 'a#b'],
    ]);
  });

  it('chooses the reader by file name', () => {
    expect(['.env', 'config/.env.local', 'prod.env', 'a.yml', 'b.yaml', 'c.json', 'd.toml', 'e.ini', 'setup.cfg', 'f.py', 'g.ts', 'h.mjs', 'settings'].map((f) => readerFor(f).name)).toEqual([
      'env',
      'env',
      'env',
      'yaml',
      'yaml',
      'json',
      'toml',
      'ini',
      'ini',
      'python',
      'javascript',
      'javascript',
      'env',
    ]);
  });
});

describe('YAML and docker compose', () => {
  it('reads nested keys with their full path and line', () => {
    const text = 'app:\n  cors:\n    origins: ["*"]\n  secret_key: change-me\n  pool: 10\n---\nother: true\n';
    expect(table('config/app.yaml', text)).toEqual([
      ['app.cors.origins', 3, ['*']],
      ['app.secret_key', 4, 'change-me'],
      ['app.pool', 5, 10],
      ['other', 7, true],
    ]);
  });

  it('reads compose environment in list and map form, with ${VAR:-default}', () => {
    const text = [
      'services:',
      '  api:',
      '    environment:',
      '      - SECRET_KEY=dev',
      '      - FROM_HOST',
      '      - CORS_ORIGINS=${ORIGINS:-*}',
      '  worker:',
      '    environment:',
      '      SECRET_KEY: ${SECRET_KEY}',
      '      POOL: 5',
    ].join('\n');
    const rows = table('docker-compose.prod.yml', text).filter(([k]) => !String(k).endsWith('environment'));
    expect(rows).toEqual([
      ['services.api.environment.SECRET_KEY', 4, 'dev'],
      ['services.api.environment.FROM_HOST', 5, '?'],
      ['services.api.environment.CORS_ORIGINS', 6, '*'],
      ['services.worker.environment.SECRET_KEY', 9, '?'],
      ['services.worker.environment.POOL', 10, 5],
    ]);
  });

  it('a broken YAML file gives what it can, never throws', () => {
    expect(() => readAssignments('x.yaml', 'a: [1, 2\nb: {')).not.toThrow();
  });
});

describe('JSON, TOML, INI', () => {
  it('JSON with comments and trailing commas', () => {
    const text = '{\n  // comment\n  "auth": {\n    "SECRET_KEY": "x",\n    "origins": ["a", "*"],\n  },\n  "pool": 3\n}\n';
    expect(table('settings.json', text)).toEqual([
      ['auth.SECRET_KEY', 4, 'x'],
      ['auth.origins', 5, ['a', '*']],
      ['pool', 7, 3],
    ]);
  });

  it('TOML tables, dotted and quoted keys, multi-line arrays, inline tables', () => {
    const text = ['title = "x"', '[database]', 'pool_size = 10', 'hosts = [', '  "a",', '  "b",', ']', '"quoted.key" = true', 'inline = { min = 1, max = 9 }', '[server.cors]', 'origins = ["*"]'].join(
      '\n',
    );
    expect(table('pyproject.toml', text)).toEqual([
      ['title', 1, 'x'],
      ['database.pool_size', 3, 10],
      ['database.hosts', 4, ['a', 'b']],
      ['database.quoted.key', 8, true],
      ['database.inline.min', 9, 1],
      ['database.inline.max', 9, 9],
      ['server.cors.origins', 11, ['*']],
    ]);
  });

  it('INI sections, both separators, comments, quotes', () => {
    const text = '; top\n[app]\nsecret_key = "change-me"\ndebug: true ; inline\n# comment = no\n[db]\npool=4\n';
    expect(table('app.ini', text)).toEqual([
      ['app.secret_key', 3, 'change-me'],
      ['app.debug', 4, 'true'],
      ['db.pool', 7, '4'],
    ]);
  });
});

describe('Python', () => {
  const py = [
    '"""Settings.',
    '',
    'SECRET_KEY = "in-a-docstring"',
    '"""',
    'import os',
    'from pydantic import Field',
    'from pydantic_settings import BaseSettings',
    '',
    '# SECRET_KEY = "in-a-comment"',
    'DEBUG = True',
    'PREFIX = "/api"',
    'URL = f"{PREFIX}/v1"',
    '',
    'class Settings(BaseSettings):',
    '    SECRET_KEY: str = "change-me"',
    '    CORS_ORIGINS: list[str] = ["*"]',
    '    POOL: int = Field(default=10, ge=1)',
    '    TIMEOUT: int = Field(30)',
    '    REQUIRED: str = Field(...)',
    '    ANNOTATED_ONLY: str',
    '    HOSTS: list[str] = Field(default_factory=lambda: ["a"])',
    '    RATE: float = -1.5',
    '',
    '    def method(self):',
    '        LOCAL = "not a setting"',
    '        return LOCAL',
    '',
    'TOKEN = os.getenv("TOKEN", "dev-token")',
    'PORT = int(os.environ.get("PORT", "8000"))',
    'os.environ.setdefault("MODE", "dev")',
    'READ_ONLY = os.getenv("READ_ONLY")',
    'FALLBACK = os.getenv("FB") or "x"',
    'os.environ["FORCED"] = "1"',
    '',
    'def create_app():',
    '    app.config["SESSION_SECRET"] = "s3"',
    '    app.config.update(SESSION_COOKIE_SECURE=False)',
    '    return dict(**{"FROM_DICT": 2})',
    'A = B = "both"',
  ].join('\n');

  it('module and class-level assignments, Field defaults, getenv defaults, config mappings', () => {
    expect(table('app/settings.py', py)).toEqual([
      ['DEBUG', 10, true],
      ['PREFIX', 11, '/api'],
      ['URL', 12, '/api/v1'],
      ['SECRET_KEY', 15, 'change-me'],
      ['CORS_ORIGINS', 16, ['*']],
      ['POOL', 17, 10],
      ['TIMEOUT', 18, 30],
      ['HOSTS', 21, '?'],
      ['RATE', 22, -1.5],
      ['TOKEN', 28, 'dev-token'],
      ['PORT', 29, 8000],
      ['MODE', 30, 'dev'],
      ['READ_ONLY', 31, '?'],
      ['FALLBACK', 32, 'x'],
      ['FB', 32, 'x'],
      ['FORCED', 33, '1'],
      ['SESSION_SECRET', 36, 's3'],
      ['SESSION_COOKIE_SECURE', 37, false],
      ['FROM_DICT', 38, 2],
      ['A', 39, 'both'],
      ['B', 39, 'both'],
    ]);
  });

  it('a getenv with another variable name records the environment key too', () => {
    expect(table('a.py', 'secret = os.getenv("SECRET_KEY", "dev")\n')).toEqual([
      ['secret', 1, 'dev'],
      ['SECRET_KEY', 1, 'dev'],
    ]);
  });
});

describe('JavaScript / TypeScript', () => {
  const js = [
    '// const SECRET_KEY = "in-a-comment"',
    'const text = "SECRET_KEY: \\"in-a-string\\"";',
    'export const SECRET_KEY = process.env.SECRET_KEY ?? "change-me";',
    "const origins = process.env['CORS_ORIGINS'] || '*';",
    'const POOL = Number(process.env.POOL ?? 10);',
    'const onlyRead = process.env.ONLY_READ;',
    'process.env.FORCED = `yes`;',
    'export default {',
    '  server: { cors: { origins: ["*"] as const }, port: 3000 },',
    '  "quoted-key": true,',
    '  computed: someCall(),',
    '};',
    'function f() {',
    '  const INNER = "not top-level";',
    '}',
    'interface Cfg { SECRET_KEY: string }',
    'type T = { SECRET_KEY: string };',
  ].join('\n');

  it('env fallbacks, top-level consts and object literals with their nesting', () => {
    expect(table('config/index.ts', js)).toEqual([
      ['text', 2, 'SECRET_KEY: "in-a-string"'],
      ['SECRET_KEY', 3, 'change-me'],
      ['origins', 4, '*'],
      ['CORS_ORIGINS', 4, '*'],
      ['POOL', 5, 10],
      ['onlyRead', 6, '?'],
      ['FORCED', 7, 'yes'],
      ['server.cors.origins', 9, ['*']],
      ['server.port', 9, 3000],
      ['quoted-key', 10, true],
      ['computed', 11, '?'],
    ]);
  });
});

describe('keyMatches', () => {
  const a = (key: string, path: string[]): Assignment => ({ key, path, file: 'f', line: 1, column: 1, value: { known: false, text: '' }, source: 'yaml' });
  it('compares keys case-insensitively and dotted keys against the end of the path', () => {
    expect(keyMatches('SECRET_KEY', a('secret_key', ['app', 'secret_key']))).toBe(true);
    expect(keyMatches('database.pool_size', a('pool_size', ['prod', 'database', 'pool_size']))).toBe(true);
    expect(keyMatches('database.pool_size', a('pool_size', ['cache', 'pool_size']))).toBe(false);
    expect(keyMatches('SECRET', a('SECRET_KEY', ['SECRET_KEY']))).toBe(false);
  });
});
