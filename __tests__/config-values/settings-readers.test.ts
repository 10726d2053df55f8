import { describe, expect, it } from 'vitest';
import { keyMatches, readAssignments } from '../../src/config-values/index.js';

/** What a guardrail with `key` sees in the file: [line, value] of each matching assignment ('?' when computed). */
function valuesOf(file: string, text: string, key: string): [number, unknown][] {
  return readAssignments(file, text)
    .filter((a) => keyMatches(key, a))
    .map((a) => [a.line, a.value.known ? a.value.value : '?']);
}

describe('Python settings readers: a default is a value the key can take', () => {
  it('os.getenv("K", "d"), os.environ.get("K", "d"), os.getenv("K") or "d"', () => {
    expect(valuesOf('s.py', 'import os\nA = os.getenv("SECRET_KEY", "changeme")\n', 'SECRET_KEY')).toEqual([[2, 'changeme']]);
    expect(valuesOf('s.py', 'import os\nA = os.environ.get("SECRET_KEY", "changeme")\n', 'SECRET_KEY')).toEqual([[2, 'changeme']]);
    expect(valuesOf('s.py', 'import os\nA = os.getenv("SECRET_KEY") or "changeme"\n', 'SECRET_KEY')).toEqual([[2, 'changeme']]);
  });

  it('os.environ["K"] read without a default gives no value; os.environ["K"] = "v" does', () => {
    expect(valuesOf('s.py', 'import os\nA = os.environ["SECRET_KEY"]\n', 'SECRET_KEY')).toEqual([]);
    expect(valuesOf('s.py', 'import os\nos.environ["SECRET_KEY"] = "changeme"\n', 'SECRET_KEY')).toEqual([[2, 'changeme']]);
  });

  it('Starlette config("K", cast=Secret, default="d"), positional cast then default, and the variable it is stored in', () => {
    const text = [
      'from starlette.config import Config',
      'from starlette.datastructures import Secret',
      'config = Config(".env")',
      'SESSION_SECRET = config("SESSION_SECRET", cast=Secret, default="changeme")',
      'DEBUG = config("DEBUG", bool, False)',
      'DATABASE_URL = config("DATABASE_URL", cast=str)',
    ].join('\n');
    expect(valuesOf('settings.py', text, 'SESSION_SECRET')).toEqual([[4, 'changeme']]);
    expect(valuesOf('settings.py', text, 'DEBUG')).toEqual([[5, false]]);
    expect(valuesOf('settings.py', text, 'DATABASE_URL')).toEqual([[6, '?']]);
    // the keywords of a reader are not settings of their own
    expect(valuesOf('settings.py', text, 'default')).toEqual([]);
  });

  it('python-decouple config("K", default="d", cast=bool) and config("K", "d")', () => {
    const text = 'from decouple import config\nSECRET_KEY = config("SECRET_KEY", default="django-insecure-dev")\nTOKEN = config("API_TOKEN", "dev-token")\n';
    expect(valuesOf('settings.py', text, 'SECRET_KEY')).toEqual([[2, 'django-insecure-dev']]);
    expect(valuesOf('settings.py', text, 'API_TOKEN')).toEqual([[3, 'dev-token']]);
  });

  it('environs and django-environ: env("K", "d"), env.str("K", "d"), env.int("K", default=5)', () => {
    const text = 'from environs import Env\nenv = Env()\nenv.read_env()\nSECRET = env.str("JWT_SECRET", "changeme")\nPOOL = env.int("POOL_SIZE", default=5)\nKEY = env("API_KEY", default="dev")\n';
    expect(valuesOf('config.py', text, 'JWT_SECRET')).toEqual([[4, 'changeme']]);
    expect(valuesOf('config.py', text, 'POOL_SIZE')).toEqual([[5, 5]]);
    expect(valuesOf('config.py', text, 'API_KEY')).toEqual([[6, 'dev']]);
  });

  it('pydantic-settings: env_prefix of model_config or class Config, Field(default=…), alias', () => {
    const v2 = [
      'from pydantic import Field',
      'from pydantic_settings import BaseSettings, SettingsConfigDict',
      'class Settings(BaseSettings):',
      '    model_config = SettingsConfigDict(env_prefix="APP_", env_file=".env")',
      '    secret_key: str = "changeme"',
      '    jwt_secret: str = Field(default="changethis")',
      '    token: str = Field("dev", alias="SERVICE_TOKEN")',
    ].join('\n');
    expect(valuesOf('config.py', v2, 'APP_SECRET_KEY')).toEqual([[5, 'changeme']]);
    expect(valuesOf('config.py', v2, 'SECRET_KEY')).toEqual([[5, 'changeme']]);
    expect(valuesOf('config.py', v2, 'APP_JWT_SECRET')).toEqual([[6, 'changethis']]);
    expect(valuesOf('config.py', v2, 'SERVICE_TOKEN')).toEqual([[7, 'dev']]);
    expect(valuesOf('config.py', v2, 'APP_TOKEN')).toEqual([]);
    const v1 = [
      'from pydantic import BaseSettings',
      'class Settings(BaseSettings):',
      '    secret_key: str = "changeme"',
      '    class Config:',
      '        env_prefix = "SHOP_"',
      'class Other:',
      '    secret_key = "x"',
    ].join('\n');
    expect(valuesOf('config.py', v1, 'SHOP_SECRET_KEY')).toEqual([[3, 'changeme']]);
  });
});

describe('Node settings readers', () => {
  it('process.env.K ?? "d", process.env.K || "d", import.meta.env.K ?? "d"', () => {
    expect(valuesOf('env.ts', 'export const secret = process.env.JWT_SECRET ?? "changeme";\n', 'JWT_SECRET')).toEqual([[1, 'changeme']]);
    expect(valuesOf('env.js', 'const s = process.env["JWT_SECRET"] || "changeme";\n', 'JWT_SECRET')).toEqual([[1, 'changeme']]);
    expect(valuesOf('env.ts', 'const s = import.meta.env.VITE_API_KEY ?? "dev-key";\n', 'VITE_API_KEY')).toEqual([[1, 'dev-key']]);
  });

  it('envalid: cleanEnv(process.env, { KEY: str({ default: "d" }) })', () => {
    const text = [
      "import { cleanEnv, port, str } from 'envalid';",
      'export const env = cleanEnv(process.env, {',
      "  JWT_SECRET: str({ default: 'changeme', desc: 'signing key' }),",
      '  PORT: port({ default: 3000 }),',
      '  DATABASE_URL: str(),',
      '});',
    ].join('\n');
    expect(valuesOf('src/env.ts', text, 'JWT_SECRET')).toEqual([[3, 'changeme']]);
    expect(valuesOf('src/env.ts', text, 'PORT')).toEqual([[4, 3000]]);
    expect(valuesOf('src/env.ts', text, 'DATABASE_URL')).toEqual([[5, '?']]);
  });

  it('zod env schemas (also t3-env createEnv): KEY: z.string().min(8).default("d")', () => {
    const text = [
      "import { z } from 'zod';",
      'const schema = z.object({',
      "  JWT_SECRET: z.string().min(8).default('changeme'),",
      '  PORT: z.coerce.number().default(3000),',
      '  NODE_ENV: z.enum(["development", "production"]),',
      '});',
      'export const env = schema.parse(process.env);',
    ].join('\n');
    expect(valuesOf('src/env.ts', text, 'JWT_SECRET')).toEqual([[3, 'changeme']]);
    expect(valuesOf('src/env.ts', text, 'PORT')).toEqual([[4, 3000]]);
    expect(valuesOf('src/env.ts', text, 'NODE_ENV')).toEqual([[5, '?']]);
  });
});
