import { callArgs, closingIndex, dottedAt, topLevelEquals, valueEnd } from '../python/spans.js';
import { tokenize, type PyLine, type PyToken } from '../python/tokens.js';
import { envCallAt, evalPy, type NameLookup } from './python-eval.js';
import type { Assignment, ConfigValue } from './types.js';

/**
 * Where Python code gives a setting a value:
 * - module and class-level assignments, annotated or not (`SECRET_KEY: str = "x"`), including
 *   Pydantic `BaseSettings` fields with `Field(default=…)` / `Field("x")` (a bare annotation or
 *   `Field(...)` is a required field: no value);
 * - `X["KEY"] = v` at any level (`os.environ["KEY"]`, Flask's `app.config["KEY"]`);
 * - the default of `os.getenv("KEY", d)`, `os.environ.get("KEY", d)`, `os.environ.setdefault`,
 *   python-decouple / Starlette `config("KEY", default=d, cast=…)`, environs / django-environ
 *   `env("KEY", d)`, `env.str("KEY", default=d)` (python-eval.ts);
 * - pydantic-settings fields answer to their environment names too: `env_prefix` of
 *   `model_config = SettingsConfigDict(…)` or `class Config:` + the field name, and a field's
 *   `Field(alias=…)` / `validation_alias=…` (Assignment.aliases);
 * - keyword arguments `KEY=v` of calls (`app.config.update(KEY=v)`), dict entries `"KEY": v`.
 */
export function readPython(file: string, text: string): Assignment[] {
  const lines = tokenize(text);
  const constants = new Map<string, ConfigValue>();
  const lookup: NameLookup = (name) => constants.get(name);
  for (const l of lines) {
    const t = l.tokens;
    if (l.scope === 'module' && t.length >= 3 && t[0]!.type === 'name' && t[1]!.text === '=' && t[2]!.type === 'string') {
      const v = evalPy(t, 2, t.length);
      if (v?.known && !constants.has(t[0]!.text)) constants.set(t[0]!.text, v);
    }
  }
  const out: Assignment[] = [];
  const seen = new Set<string>();
  const add = (key: string, tok: PyToken, value: ConfigValue, aliases?: string[]): void => {
    const id = `${key}\u0000${tok.line}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ key, path: [key], file, line: tok.line, column: tok.column, value, source: 'python', ...(aliases?.length ? { aliases } : {}) });
  };
  const prefixes = envPrefixes(lines);
  for (const l of lines) {
    const prefix = l.scope === 'class' && !l.inFunction ? prefixes.get(l.className ?? '') : undefined;
    assignmentsOf(l, lookup, add, prefix);
    if (l.tokens[0]?.text !== 'def' && l.tokens[1]?.text !== 'def') nestedOf(l, lookup, add);
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

type Add = (key: string, tok: PyToken, value: ConfigValue, aliases?: string[]) => void;

/**
 * `A = B = value`, `A: T = value`, `x.A = value`, `x["A"] = value`. In a class with an
 * `env_prefix` (`prefix`), a field also answers to the prefixed name; `Field(alias="X")` to X.
 */
function assignmentsOf(l: PyLine, lookup: NameLookup, add: Add, prefix?: string): void {
  const t = l.tokens;
  const eqs = topLevelEquals(t);
  if (eqs.length === 0) return;
  const last = eqs[eqs.length - 1]!;
  const value = evalPy(t, last + 1, t.length, lookup);
  if (value === null) return;
  let from = 0;
  for (const eq of eqs) {
    const target = targetOf(t, from, eq, from === 0, l.scope !== 'function');
    if (target) {
      const aliases: string[] = [];
      if (l.scope === 'class') {
        const alias = fieldAlias(t, last + 1);
        if (alias) aliases.push(alias);
        else if (prefix) aliases.push(prefix + target.key);
      }
      add(target.key, target.tok, value, aliases);
    }
    from = eq + 1;
  }
}

/** Class name → the `env_prefix` its pydantic-settings configuration declares. */
function envPrefixes(lines: readonly PyLine[]): Map<string, string> {
  const out = new Map<string, string>();
  let owner: string | null = null;
  for (const l of lines) {
    const t = l.tokens;
    if (l.inFunction) continue;
    if (t[0]?.text === 'class' && t[1]?.type === 'name') {
      if (l.scope === 'module') owner = t[1].text;
      else if (t[1].text !== 'Config') owner = null;
      continue;
    }
    if (l.scope !== 'class' || !owner) continue;
    if (l.className === 'Config' && t[0]?.text === 'env_prefix' && t[1]?.text === '=') {
      const v = evalPy(t, 2, t.length);
      if (v?.known && typeof v.value === 'string') out.set(owner, v.value);
    } else if (l.className === owner && t[0]?.text === 'model_config') {
      const i = t.findIndex((x, k) => x.text === 'env_prefix' && t[k + 1]?.text === '=');
      const v = i > 0 ? evalPy(t, i + 2, valueEnd(t, i + 2)) : null;
      if (v?.known && typeof v.value === 'string') out.set(owner, v.value);
    }
  }
  return out;
}

/** `Field(…, alias="X")` / `validation_alias="X"` at tokens[s]: X. */
function fieldAlias(t: readonly PyToken[], s: number): string | null {
  const d = dottedAt(t, s);
  if (!d || d.parts[d.parts.length - 1] !== 'Field' || t[d.end]?.text !== '(') return null;
  const close = closingIndex(t, d.end);
  if (close < 0) return null;
  const args = callArgs(t, d.end, close);
  for (const k of ['validation_alias', 'alias']) {
    const slice = args.keywords.get(k);
    const x = slice && slice[1] === slice[0] + 1 ? t[slice[0]] : undefined;
    if (x?.type === 'string' && !x.fstring) return x.value!;
  }
  return null;
}

function targetOf(t: readonly PyToken[], s: number, e: number, first: boolean, topLevel: boolean): { key: string; tok: PyToken } | null {
  const a = t[s];
  if (!a || a.type !== 'name') return null;
  // `NAME` or `NAME: annotation`
  if (e === s + 1 || (first && t[s + 1]?.text === ':')) return topLevel ? { key: a.text, tok: a } : null;
  // `x.y.NAME`
  let i = s + 1;
  while (t[i]?.text === '.' && t[i + 1]?.type === 'name') i += 2;
  if (i === e && i > s + 1) return topLevel ? { key: t[e - 1]!.text, tok: t[e - 1]! } : null;
  // `x.y["NAME"]`
  if (t[i]?.text === '[' && t[i + 1]?.type === 'string' && !t[i + 1]!.fstring && t[i + 2]?.text === ']' && i + 3 === e) {
    return { key: t[i + 1]!.value!, tok: t[i + 1]! };
  }
  return null;
}

/** Calls whose keyword arguments describe a field rather than set a setting. */
const NOT_SETTINGS = new Set(['config', 'getenv', 'env', 'Field', 'SettingsConfigDict', 'ConfigDict', 'field_validator', 'validator', 'Query', 'Path', 'Body', 'Header', 'Depends']);

/** Keyword arguments, dict entries and getenv defaults anywhere in the line. */
function nestedOf(l: PyLine, lookup: NameLookup, add: Add): void {
  const t = l.tokens;
  // Each open bracket, and for `(` the name called (keywords of Field(...) are not settings).
  const stack: { open: string; callee: string | undefined }[] = [];
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if (x.type === 'op' && '([{'.includes(x.text)) {
      stack.push({ open: x.text, callee: t[i - 1]?.type === 'name' ? t[i - 1]!.text : undefined });
      continue;
    }
    if (x.type === 'op' && ')]}'.includes(x.text)) {
      stack.pop();
      continue;
    }
    const inside = stack[stack.length - 1];
    const prev = t[i - 1];
    const afterSep = prev?.type === 'op' && (prev.text === ',' || prev.text === '(' || prev.text === '{');
    if (inside?.open === '(' && !NOT_SETTINGS.has(inside.callee ?? '') && afterSep && x.type === 'name' && t[i + 1]?.text === '=') {
      const end = valueEnd(t, i + 2);
      const v = evalPy(t, i + 2, end, lookup);
      if (v) add(x.text, x, v);
    } else if (inside?.open === '{' && afterSep && x.type === 'string' && !x.fstring && t[i + 1]?.text === ':') {
      const end = valueEnd(t, i + 2);
      const v = evalPy(t, i + 2, end, lookup);
      if (v) add(x.value!, x, v);
    } else if (x.type === 'name' && prev?.text !== '.') {
      const env = envCallAt(t, i, lookup);
      if (env?.fallback) add(env.key, t[i]!, env.fallback);
      else if (env && t[env.end]?.text === 'or') {
        // os.getenv("K") or "default"
        const v = evalPy(t, env.end + 1, valueEnd(t, env.end + 1), lookup);
        if (v?.known) add(env.key, t[i]!, v);
      }
    }
  }
}
