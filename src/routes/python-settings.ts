import { readEnv } from '../config-values/env.js';
import { known, type ConfigValue } from '../config-values/types.js';
import { callArgs, closingIndex, dottedAt } from '../python/spans.js';
import type { PyClass, PyDef, PyProject } from './python-project.js';

/**
 * The value of attribute `attr` of an instance of settings class `cls` (defined in `file`), as
 * pydantic-settings gives it when nothing is set in the process environment: the value the
 * class's env file sets for it (`model_config = SettingsConfigDict(env_file="../.env",
 * env_prefix="APP_")` or `class Config: env_file = …`, the key being the prefix and the field name,
 * or the field's `alias` / `validation_alias`, case-insensitive unless `case_sensitive=True`),
 * else the field's default. The env file's path is relative to the directory the app is started
 * from, which the code does not say: it is looked for from the settings file's folder upwards, the
 * nearest one found wins. Null when neither gives a constant.
 */
export async function settingsValue(project: PyProject, file: string, cls: PyClass, attr: string, depth: number): Promise<ConfigValue | null> {
  const def = cls.attrs.get(attr);
  if (!def) return null;
  const option = async (name: string): Promise<ConfigValue | null> => {
    const d = cls.config.get(name);
    return d ? project.evaluate(file, d.tokens, d.start, valueEndOf(d), depth + 1) : null;
  };
  const envFile = await option('env_file');
  const envFiles = envFile?.known ? (Array.isArray(envFile.value) ? envFile.value : [envFile.value]).filter((v): v is string => typeof v === 'string') : [];
  if (envFiles.length > 0) {
    const prefix = await option('env_prefix');
    const sensitive = await option('case_sensitive');
    const key = aliasOf(def) ?? `${prefix?.known && typeof prefix.value === 'string' ? prefix.value : ''}${attr}`;
    let found: ConfigValue | null = null;
    for (const name of envFiles) {
      const path = nearest(project, file, name);
      if (!path) continue;
      for (const a of readEnv(path, project.readText(path) ?? '')) {
        if (sensitive?.known && sensitive.value === true ? a.key === key : a.key.toLowerCase() === key.toLowerCase()) found = a.value.known ? known(a.value.value, a.value.text) : null;
      }
    }
    if (found) return found;
  }
  return project.evaluate(file, def.tokens, def.start, def.tokens.length, depth + 1);
}

/** `Field(…, alias="X")` / `validation_alias="X"`: the environment name of the field. */
function aliasOf(def: PyDef): string | null {
  const d = dottedAt(def.tokens, def.start);
  if (!d || d.parts[d.parts.length - 1] !== 'Field' || def.tokens[d.end]?.text !== '(') return null;
  const close = closingIndex(def.tokens, d.end);
  if (close < 0) return null;
  const args = callArgs(def.tokens, d.end, close);
  for (const k of ['validation_alias', 'alias']) {
    const slice = args.keywords.get(k);
    const t = slice && slice[1] === slice[0] + 1 ? def.tokens[slice[0]] : undefined;
    if (t?.type === 'string' && !t.fstring) return t.value!;
  }
  return null;
}

/** Where a keyword's value ends (a `model_config` keyword shares its line with the others). */
function valueEndOf(d: PyDef): number {
  let depth = 0;
  for (let i = d.start; i < d.tokens.length; i++) {
    const x = d.tokens[i]!.text;
    if (x === '(' || x === '[' || x === '{') depth++;
    else if (x === ')' || x === ']' || x === '}') {
      if (depth === 0) return i;
      depth--;
    } else if (x === ',' && depth === 0) return i;
  }
  return d.tokens.length;
}

/** `name` (relative, as written) looked for from the folder of `file` upwards; the nearest existing file. */
function nearest(project: PyProject, file: string, name: string): string | null {
  if (name.startsWith('/') || name.includes('\\') || name.includes('\0')) return null;
  for (let dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : ''; ; dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '') {
    const parts = dir ? dir.split('/') : [];
    let ok = true;
    for (const p of name.split('/')) {
      if (p === '' || p === '.') continue;
      if (p === '..') {
        if (parts.length === 0) ok = false;
        else parts.pop();
      } else parts.push(p);
    }
    const path = parts.join('/');
    if (ok && path && project.readText(path) !== null) return path;
    if (dir === '') return null;
  }
}
