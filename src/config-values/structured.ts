import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import { LineIndex } from '../util/text.js';
import { known, unknown, type Assignment, type ConfigValue, type Literal } from './types.js';

/** Every property of a JSON (or JSONC) document, with its full path. */
export function readJson(file: string, text: string): Assignment[] {
  let tree: JsonNode | undefined;
  try {
    tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  } catch {
    return []; // nested deeper than the parser's stack
  }
  if (!tree) return [];
  const index = new LineIndex(text);
  const out: Assignment[] = [];
  const valueOf = (n: JsonNode | undefined, depth = 0): ConfigValue => {
    if (!n) return known(null, '');
    if (depth > 64) return unknown('…');
    const src = text.slice(n.offset, n.offset + n.length);
    if (n.type === 'string' || n.type === 'number' || n.type === 'boolean' || n.type === 'null') return known(n.value as Literal, src);
    if (n.type === 'array') {
      const items: Literal[] = [];
      for (const c of n.children ?? []) {
        const v = valueOf(c, depth + 1);
        if (!v.known) return unknown(src);
        items.push(v.value);
      }
      return known(items, src);
    }
    return unknown(src);
  };
  const walk = (n: JsonNode | undefined, path: string[]): void => {
    if (!n || path.length > 200) return;
    if (n.type === 'object') {
      for (const prop of n.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || typeof k.value !== 'string') continue;
        const p = [...path, k.value];
        if (v?.type !== 'object') out.push({ key: k.value, path: p, file, ...index.pos(k.offset), value: valueOf(v), source: 'json' });
        walk(v, p);
      }
    } else if (n.type === 'array') {
      (n.children ?? []).forEach((c, i) => walk(c, [...path, String(i)]));
    }
  };
  walk(tree, []);
  return out;
}

/**
 * TOML, line by line for positions (`[table]`, `[[array]]`, `key = value`, dotted and quoted keys),
 * each value parsed by smol-toml (multi-line arrays and strings are read until they parse).
 */
export function readToml(file: string, text: string): Assignment[] {
  const lines = text.split('\n');
  const out: Assignment[] = [];
  let table: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    const header = /^\s*\[\[?([^\]]+)\]\]?\s*(#.*)?$/.exec(line);
    if (header) {
      table = splitKey(header[1]!.trim());
      continue;
    }
    const kv = /^(\s*)((?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'))*)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    let snippet = `v = ${kv[3]}`;
    let parsed: Record<string, unknown> | null = null;
    let j = i;
    for (; j < lines.length && j - i < 500; j++) {
      if (j > i) snippet += `\n${lines[j]!.replace(/\r$/, '')}`;
      try {
        parsed = parseToml(snippet) as Record<string, unknown>;
        break;
      } catch {
        // keep reading: a multi-line array or string
      }
    }
    const keyPath = [...table, ...splitKey(kv[2]!)];
    const key = keyPath[keyPath.length - 1]!;
    const at = { line: i + 1, column: kv[1]!.length + 1 };
    if (parsed === null) {
      out.push({ key, path: keyPath, file, ...at, value: unknown(kv[3]!.trim()), source: 'toml' });
      continue;
    }
    emitToml(out, file, keyPath, parsed.v, kv[3]!.trim(), at);
    i = j;
  }
  return out;
}

function emitToml(out: Assignment[], file: string, path: string[], v: unknown, text: string, at: { line: number; column: number }): void {
  const key = path[path.length - 1]!;
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
    for (const [k, inner] of Object.entries(v as Record<string, unknown>)) emitToml(out, file, [...path, k], inner, JSON.stringify(inner) ?? '', at);
    return;
  }
  out.push({ key, path, file, ...at, value: tomlValue(v, text), source: 'toml' });
}

function tomlValue(v: unknown, text: string): ConfigValue {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return known(v, text);
  if (typeof v === 'bigint') return known(Number(v), text);
  if (v instanceof Date) return known(String(v), text);
  if (Array.isArray(v)) {
    const items: Literal[] = [];
    for (const x of v) {
      const c = tomlValue(x, text);
      if (!c.known) return unknown(text);
      items.push(c.value);
    }
    return known(items, text);
  }
  return unknown(text);
}

function splitKey(s: string): string[] {
  const parts: string[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(?:\.|$)/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null && m[0] !== '') parts.push(m[1] ?? m[2] ?? m[3]!);
  return parts.length ? parts : [s.trim()];
}

/** INI / .cfg / .properties: `[section]`, `key = value` or `key: value`, `;` and `#` comments. */
export function readIni(file: string, text: string): Assignment[] {
  const out: Assignment[] = [];
  let section: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (/^\s*[;#!]/.test(line)) return;
    const sec = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (sec) {
      section = [sec[1]!.trim()];
      return;
    }
    const kv = /^(\s*)([^=:]+)[=:](.*)$/.exec(line);
    if (!kv || kv[2]!.trim() === '') return;
    let v = kv[3]!.replace(/\s[;#].*$/, '').trim();
    const quoted = /^(["'])(.*)\1$/.exec(v);
    if (quoted) v = quoted[2]!;
    const key = kv[2]!.trim();
    out.push({ key, path: [...section, key], file, line: i + 1, column: kv[1]!.length + 1, value: known(v, kv[3]!.trim()), source: 'ini' });
  });
  return out;
}
