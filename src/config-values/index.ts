import type { Facts } from '../facts.js';
import type { Workspace } from '../workspace/workspace.js';
import { languageOf } from '../lang/index.js';
import { SCRIPT_EXTENSIONS } from '../lang/javascript/extensions.js';
import { readEnv } from './env.js';
import { readJavaScript } from './javascript.js';
import { readPython } from './python.js';
import { readIni, readJson, readToml } from './structured.js';
import type { Assignment } from './types.js';
import { readYaml } from './yaml.js';

export type { Assignment, ConfigValue, Literal, Scalar, ConfigSource } from './types.js';

type Reader = (file: string, text: string) => Assignment[];

/** The reader of a file, chosen by its name; unknown names are read as `KEY=value` lines. */
export function readerFor(file: string): { name: string; read: Reader } {
  const base = file.slice(file.lastIndexOf('/') + 1);
  if (base === '.env' || base.startsWith('.env.') || base.endsWith('.env')) return { name: 'env', read: readEnv };
  if (/\.ya?ml$/i.test(base)) return { name: 'yaml', read: readYaml };
  if (/\.(?:json|jsonc|json5)$/i.test(base)) return { name: 'json', read: readJson };
  if (/\.toml$/i.test(base)) return { name: 'toml', read: readToml };
  if (/\.(?:ini|cfg|conf|properties)$/i.test(base)) return { name: 'ini', read: readIni };
  const lang = languageOf(base)?.name;
  if (lang === 'python') return { name: 'python', read: readPython };
  if (lang === 'javascript' && SCRIPT_EXTENSIONS.some((e) => base.endsWith(e)) && !base.endsWith('.d.ts')) return { name: 'javascript', read: readJavaScript };
  return { name: 'env', read: readEnv };
}

/** Every assignment of every key in a file's text. */
export function readAssignments(file: string, text: string): Assignment[] {
  try {
    return readerFor(file).read(file, text);
  } catch (e) {
    if (e instanceof RangeError) return []; // nested deeper than a parser's stack: nothing readable
    throw e;
  }
}

/** A file's assignments, read once per run and shared by every config-value guardrail. */
export async function getAssignments(ctx: { workspace: Workspace; facts: Facts }, file: string): Promise<Assignment[] | null> {
  return ctx.facts.get(`config-values:${file}`, async () => {
    // Synchronous read: many small files go several times faster than through promises.
    const text = ctx.workspace.readTextSync(file);
    return text === null ? null : readAssignments(file, text);
  });
}

/**
 * Does an assignment set `key`? Keys compare case-insensitively (Pydantic settings and most env
 * loaders do); a dotted key (`database.pool_size`) also matches the end of a nested path.
 */
export function keyMatches(key: string, a: Assignment): boolean {
  const k = key.toLowerCase();
  if (a.key.toLowerCase() === k || a.aliases?.some((x) => x.toLowerCase() === k)) return true;
  if (!key.includes('.') || a.path.length < 2) return false;
  const parts = k.split('.');
  if (parts.length > a.path.length) return false;
  const tail = a.path.slice(a.path.length - parts.length).map((p) => p.toLowerCase());
  return parts.every((p, i) => p === tail[i]);
}
