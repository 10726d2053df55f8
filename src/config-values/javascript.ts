import { jsClosing, jsSplit, jsString, lexJs, type JsToken } from './lex/js.js';
import { known, unknown, type Assignment, type ConfigValue, type Literal } from './types.js';

/**
 * Where JavaScript / TypeScript gives a setting a value:
 * - the fallback of `process.env.KEY ?? "x"` / `|| "x"` (also `process.env["KEY"]`, `import.meta.env.KEY`),
 *   and `process.env.KEY = "x"`;
 * - top-level `const KEY = value` (exported or not);
 * - properties of object literals (`{ KEY: value }`, `{ "KEY": value }`), with their nesting as the path;
 *   in env schemas, the default of the property's validator: envalid `KEY: str({ default: "x" })`,
 *   zod `KEY: z.string().default("x")` (also in t3-env's `createEnv({ server: { … } })`).
 */
export function readJavaScript(file: string, text: string): Assignment[] {
  const t = lexJs(text);
  const out: Assignment[] = [];
  const seen = new Set<string>();
  const add = (key: string, path: string[], tok: JsToken, value: ConfigValue): void => {
    const id = `${key}\u0000${tok.line}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ key, path, file, line: tok.line, column: tok.column, value, source: 'javascript' });
  };
  // Each open brace: is it an object literal, and under which key.
  const braces: { object: boolean; key: string | null }[] = [];
  const objectPath = (): string[] => braces.filter((b) => b.object && b.key !== null).map((b) => b.key!);
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    const prev = t[i - 1];
    if (x.type === 'punct' && x.text === '{') {
      const object = prev === undefined ? false : OBJECT_AFTER.has(prev.text) && prev.type !== 'string';
      const key = object && prev?.text === ':' ? keyOf(t[i - 2]) : null;
      braces.push({ object, key: key ?? null });
      continue;
    }
    if (x.type === 'punct' && x.text === '}') {
      braces.pop();
      continue;
    }
    const env = envAt(t, i);
    if (env) {
      const after = t[env.end];
      if (after?.type === 'punct' && (after.text === '??' || after.text === '||')) {
        const end = exprEnd(t, i);
        add(env.key, [env.key], x, { ...evalJs(t, i, end), text: textOf(t, i, end) });
      } else if (after?.type === 'punct' && after.text === '=') {
        const end = exprEnd(t, env.end + 1);
        add(env.key, [env.key], x, evalJs(t, env.end + 1, end));
      }
      i = env.end - 1;
      continue;
    }
    const top = braces[braces.length - 1];
    if (top?.object && (prev?.text === '{' || prev?.text === ',') && t[i + 1]?.text === ':') {
      const key = keyOf(x);
      if (key !== null && t[i + 2]?.text !== '{') {
        const end = exprEnd(t, i + 2);
        let v = evalJs(t, i + 2, end);
        if (!v.known) v = schemaDefault(t, i + 2, end) ?? v;
        if (!(end === i + 3 && !v.known && TS_TYPES.has(t[i + 2]!.text))) add(key, [...objectPath(), key], x, v);
      }
      continue;
    }
    if (braces.length === 0 && x.type === 'name' && (x.text === 'const' || x.text === 'let' || x.text === 'var') && prev?.text !== '.') {
      let j = i + 1;
      while (t[j]?.type === 'name') {
        const name = t[j]!;
        let k = j + 1;
        if (t[k]?.text === ':') k = typeEnd(t, k + 1);
        if (t[k]?.text !== '=') break;
        const end = exprEnd(t, k + 1);
        add(name.text, [name.text], name, evalJs(t, k + 1, end));
        if (t[end]?.text !== ',') break;
        j = end + 1;
      }
    }
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

const OBJECT_AFTER = new Set(['=', '(', ',', ':', '[', '?', '??', '||', '&&', 'return', 'default', '...', '=>']);
const TS_TYPES = new Set(['string', 'number', 'boolean', 'any', 'unknown', 'never', 'object', 'bigint', 'symbol']);

function keyOf(t: JsToken | undefined): string | null {
  if (!t) return null;
  if (t.type === 'name') return t.text;
  if (t.type === 'string') return t.value ?? null;
  if (t.type === 'number') return t.text;
  return null;
}

/** `process.env.KEY`, `process.env["KEY"]`, `import.meta.env.KEY` at i: the key and the index after. */
export function envAt(t: readonly JsToken[], i: number): { key: string; end: number } | null {
  let j: number;
  if (t[i]?.text === 'process' && t[i + 1]?.text === '.' && t[i + 2]?.text === 'env' && t[i - 1]?.text !== '.') j = i + 3;
  else if (t[i]?.text === 'import' && t[i + 1]?.text === '.' && t[i + 2]?.text === 'meta' && t[i + 3]?.text === '.' && t[i + 4]?.text === 'env') j = i + 5;
  else return null;
  if ((t[j]?.text === '.' || t[j]?.text === '?.') && t[j + 1]?.type === 'name') return { key: t[j + 1]!.text, end: j + 2 };
  if (t[j]?.text === '[' && jsString(t[j + 1]) !== undefined && t[j + 2]?.text === ']') return { key: jsString(t[j + 1])!, end: j + 3 };
  return null;
}

const CONTINUES = new Set(['.', '?.', '??', '||', '&&', '+', '-', '*', '/', '%', '**', '?', ':', '(', '[', '=>', '==', '===', '!=', '!==', '<', '>', '<=', '>=', 'as', 'satisfies', '|', '&']);

/** End of the expression starting at s: a top-level `,` `;` or closing bracket, or a statement break. */
export function exprEnd(t: readonly JsToken[], s: number): number {
  let depth = 0;
  for (let i = s; i < t.length; i++) {
    const x = t[i]!;
    if (i > s && depth === 0 && x.nl && !CONTINUES.has(t[i - 1]!.text) && !CONTINUES.has(x.text)) return i;
    if (x.type !== 'punct') continue;
    if ('([{'.includes(x.text)) depth++;
    else if (')]}'.includes(x.text)) {
      if (depth === 0) return i;
      depth--;
    } else if ((x.text === ',' || x.text === ';') && depth === 0) return i;
  }
  return t.length;
}

/** End of a type annotation starting at s (up to the `=` of the declaration). */
function typeEnd(t: readonly JsToken[], s: number): number {
  let depth = 0;
  for (let i = s; i < t.length; i++) {
    const x = t[i]!.text;
    if ('([{<'.includes(x) && t[i]!.type === 'punct') depth++;
    else if (')]}>'.includes(x) && t[i]!.type === 'punct') depth--;
    else if (depth <= 0 && (x === '=' || x === ';' || x === ',')) return i;
  }
  return t.length;
}

export function textOf(t: readonly JsToken[], s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) out += (i === s || '.,)]'.includes(t[i]!.text) || '.(['.includes(t[i - 1]!.text) ? '' : ' ') + t[i]!.text;
  return out;
}

/** The value of tokens[s, e) statically; see readJavaScript. */
export function evalJs(t: readonly JsToken[], s: number, e: number, depth = 0): ConfigValue {
  const text = textOf(t, s, e);
  if (depth > 64) return unknown(text);
  // Drop TypeScript's `as const`, `as T`, `satisfies T` and a trailing `!`.
  for (let i = s, depth = 0; i < e; i++) {
    const x = t[i]!;
    if (x.type === 'punct' && '([{'.includes(x.text)) depth++;
    else if (x.type === 'punct' && ')]}'.includes(x.text)) depth--;
    else if (depth === 0 && x.type === 'name' && (x.text === 'as' || x.text === 'satisfies')) {
      e = i;
      break;
    }
  }
  if (e > s && t[e - 1]!.text === '!') e--;
  if (s >= e) return unknown(text);
  const ops = splitOps(t, s, e);
  if (ops.length > 1) {
    let last: ConfigValue = unknown(text);
    for (const [a, b, op] of ops) {
      last = evalJs(t, a, b, depth + 1);
      if (last.known && (op === '??' ? last.value !== null : truthy(last.value))) return { ...last, text };
    }
    return last.known ? { ...last, text } : unknown(text);
  }
  const x = t[s]!;
  if (e === s + 1) {
    const str = jsString(x);
    if (str !== undefined) return known(str, text);
    if (x.type === 'number') return numberOf(x.text, text);
    if (x.type === 'name') {
      if (x.text === 'true') return known(true, text);
      if (x.text === 'false') return known(false, text);
      if (x.text === 'null' || x.text === 'undefined') return known(null, text);
    }
    return unknown(text);
  }
  if (x.type === 'punct' && (x.text === '-' || x.text === '+') && e === s + 2 && t[s + 1]!.type === 'number') {
    const v = numberOf(t[s + 1]!.text, text);
    return v.known && x.text === '-' ? known(-(v.value as number), text) : v;
  }
  if (x.type === 'punct' && (x.text === '[' || x.text === '(') && jsClosing(t, s) === e - 1) {
    if (x.text === '(') return { ...evalJs(t, s + 1, e - 1, depth + 1), text };
    const items: Literal[] = [];
    for (const [a, b] of jsSplit(t, s + 1, e - 1)) {
      const v = evalJs(t, a, b, depth + 1);
      if (!v.known) return unknown(text);
      items.push(v.value);
    }
    return known(items, text);
  }
  if (x.type === 'name' && ['Number', 'parseInt', 'parseFloat', 'String', 'Boolean'].includes(x.text) && t[s + 1]?.text === '(' && jsClosing(t, s + 1) === e - 1) {
    const [a, b] = jsSplit(t, s + 2, e - 1)[0] ?? [s + 2, s + 2];
    const v = evalJs(t, a, b, depth + 1);
    if (!v.known || Array.isArray(v.value)) return unknown(text);
    if (x.text === 'String') return known(v.value === null ? 'null' : String(v.value), text);
    if (x.text === 'Boolean') return known(Boolean(v.value), text);
    const n = x.text === 'parseInt' ? parseInt(String(v.value), 10) : Number(v.value);
    return Number.isFinite(n) ? known(n, text) : unknown(text);
  }
  return unknown(text);
}

const ENVALID = new Set(['str', 'bool', 'num', 'email', 'host', 'port', 'url', 'json']);

/**
 * The default an env-schema validator gives when the variable is unset: envalid
 * `str({ default: "x" })`, zod `z.string().min(8).default("x")` (the last `.default(…)` of the chain).
 */
function schemaDefault(t: readonly JsToken[], s: number, e: number): ConfigValue | null {
  const x = t[s];
  if (x?.type === 'name' && ENVALID.has(x.text) && t[s + 1]?.text === '(' && t[s + 2]?.text === '{' && jsClosing(t, s + 1) === e - 1) {
    const close = jsClosing(t, s + 2);
    for (let i = s + 3, depth = 0; i < close; i++) {
      const y = t[i]!;
      if (y.type === 'punct' && '([{'.includes(y.text)) depth++;
      else if (y.type === 'punct' && ')]}'.includes(y.text)) depth--;
      else if (depth === 0 && keyOf(y) === 'default' && t[i + 1]?.text === ':' && (t[i - 1]?.text === '{' || t[i - 1]?.text === ',')) {
        const v = evalJs(t, i + 2, exprEnd(t, i + 2));
        return v.known ? { ...v, text: textOf(t, s, e) } : null;
      }
    }
    return null;
  }
  if (x?.type !== 'name' || x.text !== 'z') return null;
  let found: ConfigValue | null = null;
  for (let i = s + 1, depth = 0; i < e; i++) {
    const y = t[i]!;
    if (y.type === 'punct' && '([{'.includes(y.text)) depth++;
    else if (y.type === 'punct' && ')]}'.includes(y.text)) depth--;
    else if (depth === 0 && y.text === 'default' && t[i - 1]?.text === '.' && t[i + 1]?.text === '(') {
      const close = jsClosing(t, i + 1);
      if (close < 0 || close > e) return null;
      const v = evalJs(t, i + 2, close);
      found = v.known ? { ...v, text: textOf(t, s, e) } : null;
    }
  }
  return found;
}

/** Top-level `??` / `||` operands with the operator that follows each. */
function splitOps(t: readonly JsToken[], s: number, e: number): [number, number, string][] {
  const parts: [number, number, string][] = [];
  let depth = 0;
  let from = s;
  for (let i = s; i < e; i++) {
    const x = t[i]!;
    if (x.type !== 'punct') continue;
    if ('([{'.includes(x.text)) depth++;
    else if (')]}'.includes(x.text)) depth--;
    else if (depth === 0 && (x.text === '??' || x.text === '||')) {
      parts.push([from, i, x.text]);
      from = i + 1;
    } else if (depth === 0 && (x.text === '?' || x.text === '&&')) return [[s, e, '']];
  }
  parts.push([from, e, '']);
  return parts;
}

function numberOf(src: string, text: string): ConfigValue {
  const v = Number(src.replace(/_/g, ''));
  return Number.isFinite(v) ? known(v, text) : unknown(text);
}

function truthy(v: Literal): boolean {
  return v !== null && v !== false && v !== 0 && v !== '';
}
