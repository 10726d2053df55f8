import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scanRoutes } from '../../src/routes/index.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { lines, scan } from './helpers.js';
import { tmpDir } from '../helpers.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'fastapi-src-layout');

const MAIN = [
  'from fastapi import FastAPI',
  'from app.api.main import api_router',
  'from app.core.config import settings',
  'app = FastAPI(openapi_url=f"{settings.API_V1_STR}/openapi.json")',
  'app.include_router(api_router, prefix=settings.API_V1_STR)',
].join('\n');
const API = 'from fastapi import APIRouter\nfrom app.api.routes import utils\napi_router = APIRouter()\napi_router.include_router(utils.router)\n';
const UTILS = 'from fastapi import APIRouter\nrouter = APIRouter(prefix="/utils")\n@router.get("/health-check/")\nasync def health_check() -> bool:\n    return True\n';
const base = (config: string, more: Record<string, string> = {}) => ({
  'backend/app/__init__.py': '',
  'backend/app/main.py': MAIN,
  'backend/app/api/__init__.py': '',
  'backend/app/api/main.py': API,
  'backend/app/api/routes/__init__.py': '',
  'backend/app/api/routes/utils.py': UTILS,
  'backend/app/core/__init__.py': '',
  'backend/app/core/config.py': config,
  ...more,
});

describe('FastAPI prefixes from settings', () => {
  it('include_router(prefix=settings.API_V1_STR): the default of the pydantic BaseSettings field', async () => {
    const s = await scan(
      base('from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n    API_V1_STR: str = "/api/v1"\n    PROJECT_NAME: str = "x"\n\nsettings = Settings()  # type: ignore\n'),
    );
    expect(lines(s)).toEqual(['GET /api/v1/utils/health-check/ backend/app/api/routes/utils.py:3']);
    expect(s.notes).toEqual([]);
  });

  it('settings from a cached factory (`settings = get_settings()`), and a module attribute chain (`config.settings.API_V1_STR`)', async () => {
    const config = [
      'from functools import lru_cache',
      'from pydantic_settings import BaseSettings',
      'class Settings(BaseSettings):',
      '    API_V1_STR: str = "/api/v1"',
      '@lru_cache',
      'def get_settings() -> Settings:',
      '    return Settings()',
      'settings = get_settings()',
    ].join('\n');
    expect(lines(await scan(base(config)))).toEqual(['GET /api/v1/utils/health-check/ backend/app/api/routes/utils.py:3']);
    const main = MAIN.replace('from app.core.config import settings', 'from app.core import config').replace(/settings\.API_V1_STR/g, 'config.settings.API_V1_STR');
    expect(lines(await scan({ ...base(config), 'backend/app/main.py': main }))).toEqual(['GET /api/v1/utils/health-check/ backend/app/api/routes/utils.py:3']);
  });

  it('the env file of model_config sets the key (found from the settings file upwards), with env_prefix', async () => {
    const config = [
      'from pydantic_settings import BaseSettings, SettingsConfigDict',
      'class Settings(BaseSettings):',
      '    model_config = SettingsConfigDict(env_file="../.env", env_ignore_empty=True, env_prefix="APP_")',
      '    API_V1_STR: str = "/api/v1"',
      'settings = Settings()',
    ].join('\n');
    const s = await scan(base(config, { '.env': '# deployment\nAPP_API_V1_STR=/api/v2\nAPI_V1_STR=/ignored\n' }));
    expect(lines(s)).toEqual(['GET /api/v2/utils/health-check/ backend/app/api/routes/utils.py:3']);
  });

  it('class Config: env_file, and Field(default=…, alias=…)', async () => {
    const config = [
      'from pydantic import BaseSettings, Field',
      'class Settings(BaseSettings):',
      '    prefix: str = Field(default="/api", alias="ROUTE_PREFIX")',
      '    class Config:',
      '        env_file = ".env"',
      'settings = Settings()',
    ].join('\n');
    const main = MAIN.replace(/settings\.API_V1_STR/g, 'settings.prefix');
    expect(lines(await scan({ ...base(config), 'backend/app/main.py': main }))).toEqual(['GET /api/utils/health-check/ backend/app/api/routes/utils.py:3']);
    const withEnv = await scan({ ...base(config), 'backend/app/main.py': main, 'backend/.env': 'route_prefix=/v3\n' });
    expect(lines(withEnv)).toEqual(['GET /v3/utils/health-check/ backend/app/api/routes/utils.py:3']);
  });

  it('without an env_file in the settings a .env is not read (pydantic would not read it either)', async () => {
    const s = await scan(
      base('from pydantic_settings import BaseSettings\nclass Settings(BaseSettings):\n    API_V1_STR: str = "/api/v1"\nsettings = Settings()\n', { '.env': 'API_V1_STR=/other\n' }),
    );
    expect(lines(s)).toEqual(['GET /api/v1/utils/health-check/ backend/app/api/routes/utils.py:3']);
  });

  it('a settings value that is computed stays «shown» with a note', async () => {
    const s = await scan(base('import os\nfrom pydantic_settings import BaseSettings\nclass Settings(BaseSettings):\n    API_V1_STR: str = os.urandom(3).hex()\nsettings = Settings()\n'));
    expect(lines(s)).toEqual(['GET «settings.API_V1_STR»/utils/health-check/ backend/app/api/routes/utils.py:3']);
    expect(s.notes.length).toBe(1);
  });

  it('the FastAPI src-layout fixture: /api/v1/utils/health-check/', async () => {
    const s = await scanRoutes(await Workspace.open(FIXTURE));
    expect(s.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/items/', 'GET /api/v1/utils/health-check/']);
  });

  it('hostile env_file values (absolute, out of the repository, a link leading out) read nothing outside the workspace', async () => {
    const { symlinkSync, writeFileSync } = await import('node:fs');
    const outside = tmpDir('la-outside-');
    writeFileSync(path.join(outside, 'leak.env'), 'API_V1_STR=/leaked\n');
    for (const envFile of [path.join(outside, 'leak.env'), `${'../'.repeat(12)}${outside.slice(1)}/leak.env`, 'link.env']) {
      const config = `from pydantic_settings import BaseSettings, SettingsConfigDict\nclass Settings(BaseSettings):\n    model_config = SettingsConfigDict(env_file=${JSON.stringify(envFile)})\n    API_V1_STR: str = "/api/v1"\nsettings = Settings()\n`;
      const root = (await import('../helpers.js')).tmpRepo(base(config));
      symlinkSync(path.join(outside, 'leak.env'), path.join(root, 'backend/app/core/link.env'));
      const s = await scanRoutes(await Workspace.open(root));
      expect(s.routes.map((r) => r.path)).toEqual(['/api/v1/utils/health-check/']);
    }
  });
});
