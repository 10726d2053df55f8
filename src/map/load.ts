import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { parseRouteSpec } from '../routes/match.js';
import { relativeInside, unsafeRepoPath } from '../util/paths.js';
import { parseJsonDoc } from './json-doc.js';
import { MAP_SCHEMA } from './schema.js';
import type { IntelligenceMap, MapDoc } from './types.js';
import { readUserFile } from '../util/read-user-file.js';
import { refuseNearMisses, validateAt } from '../util/schema-validate.js';

export { DEFAULT_MAP } from '../defaults.js';

/**
 * Read and validate the intelligence map. A missing file gives null when it is optional (the
 * default path); a file the user named that is missing, or any invalid content, is a ConfigError
 * with file, line and column.
 */
export async function loadMap(absPath: string, display: string, opts: { root: string; optional: boolean }): Promise<MapDoc | null> {
  const text = await readUserFile(absPath, display, { optional: opts.optional, what: 'intelligence map', skipHint: 'to skip the map checks' });
  if (text === null) return null;
  const real = await fs.realpath(absPath).catch(() => path.resolve(absPath));
  const root = await fs.realpath(opts.root).catch(() => path.resolve(opts.root));
  return parseMap(text, display, relativeInside(root, real) ?? display);
}

/** Parse map text; `file` is the repo-relative path findings point at. */
export function parseMap(text: string, display: string, file: string): MapDoc {
  const doc = parseJsonDoc(text, display, file);
  const errAt = (p: (string | number)[], key = false) => {
    const { line, column } = key ? doc.keyAt(p) : doc.at(p);
    return { file: display, line, column };
  };
  const positions = { at: (p: readonly (string | number)[]) => errAt([...p]), keyAt: (p: readonly (string | number)[]) => errAt([...p], true) };
  if (doc.data === null || typeof doc.data !== 'object' || Array.isArray(doc.data)) {
    throw new ConfigError('the intelligence map must be a JSON object with "version": 1', { file: display, line: 1, column: 1 });
  }
  const data = doc.data as IntelligenceMap;
  if ('version' in data && data.version !== 1) throw new ConfigError(`unsupported version ${JSON.stringify(data.version)}`, { ...errAt(['version']), hint: 'this release reads "version": 1' });
  validateAt('map', data, [], positions);
  refuseNearMisses(MAP_SCHEMA, data, positions);

  for (const key of Object.keys(data.modules ?? {})) {
    const why = unsafeRepoPath(key);
    if (why || key.trim() === '')
      throw new ConfigError(`module "${key}" ${why ?? 'is empty'}`, {
        ...errAt(['modules', key], true),
        hint: 'module paths are relative to the repository root, e.g. backend/main.py or backend/services/',
      });
  }
  (data.resilience ?? []).forEach((r, i) =>
    (r.modules ?? []).forEach((m, j) => {
      const why = unsafeRepoPath(m);
      if (why) throw new ConfigError(`resilience "${r.id}": module "${m}" ${why}`, errAt(['resilience', i, 'modules', j]));
    }),
  );
  for (const [id, g] of Object.entries(data.goals ?? {})) {
    (g.criticalPaths ?? []).forEach((spec, i) => {
      if (!parseRouteSpec(spec))
        throw new ConfigError(`goal "${id}": critical path "${spec}" is not METHOD /path`, {
          ...errAt(['goals', id, 'criticalPaths', i]),
          hint: 'e.g. "POST /api/auth/login"; methods: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY',
        });
    });
  }
  uniqueIds(data.resilience ?? [], 'resilience', errAt);
  uniqueIds(data.truths ?? [], 'truths', errAt);
  (data.checks?.ignore ?? []).forEach((g, i) => {
    const why = unsafeRepoPath(g);
    if (why) throw new ConfigError(`checks.ignore "${g}" ${why}`, errAt(['checks', 'ignore', i]));
  });
  return { data, file, display, at: doc.at, keyAt: doc.keyAt, lenient: doc.lenient };
}

function uniqueIds(list: { id: string }[], where: string, errAt: (p: (string | number)[]) => { file: string; line: number; column: number }): void {
  const seen = new Map<string, number>();
  list.forEach((x, i) => {
    const first = seen.get(x.id);
    if (first !== undefined) throw new ConfigError(`${where}: duplicate id "${x.id}" (first on line ${errAt([where, first, 'id']).line})`, errAt([where, i, 'id']));
    seen.set(x.id, i);
  });
}
