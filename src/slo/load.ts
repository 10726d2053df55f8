import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { ConfigError } from '../errors.js';
import { validateAt } from '../util/schema-validate.js';
import type { SourcePos } from '../types.js';
import { relativeInside } from '../util/paths.js';
import { fromOpenSlo } from './openslo.js';
import { DEFAULT_MAX_REQUESTS, DEFAULT_RATE, DEFAULT_REQUESTS, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, type SloDef, type SloFile } from './types.js';
import { durationMs } from './duration.js';
import { jsonPathSteps } from './measure.js';
import { readUserFile } from '../util/read-user-file.js';
import { YamlPositions, yamlSyntaxMessage, yamlToJs } from '../util/yaml-positions.js';

type Pos = YamlPositions;

export { DEFAULT_SLO } from '../defaults.js';

/** Read the SLO file; null when it is missing and optional. Anything invalid is a ConfigError with file:line:column. */
export async function loadSlo(absPath: string, display: string, opts: { root: string; optional: boolean }): Promise<SloFile | null> {
  const text = await readUserFile(absPath, display, { optional: opts.optional, what: 'SLO monitors file', skipHint: 'to skip the SLO checks' });
  if (text === null) return null;
  const real = await fs.realpath(absPath).catch(() => path.resolve(absPath));
  const root = await fs.realpath(opts.root).catch(() => path.resolve(opts.root));
  return parseSlo(text, display, relativeInside(root, real) ?? display);
}

/** Parse SLO text (the native format, or OpenSLO v1 documents). `file` is what findings point at. */
export function parseSlo(text: string, display: string, file: string): SloFile {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const d of list) {
    if (d.errors.length > 0) {
      const { line, col } = lc.linePos(d.errors[0]!.pos[0]);
      throw new ConfigError(`YAML syntax error: ${yamlSyntaxMessage(d.errors[0]!.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''))}`, { file: display, line, column: col });
    }
  }
  const parts = list
    .map((d) => ({ value: yamlToJs(d, lc, display, 100), ep: new YamlPositions(d, lc, display), fp: new YamlPositions(d, lc, file) }))
    .filter((p) => p.value !== null && p.value !== undefined);
  if (parts.length === 0) throw new ConfigError('the file is empty', { file: display, line: 1, column: 1, hint: 'start with:\nversion: 1\nslos:\n  - id: …' });
  const isOpenSlo = parts.some(
    ({ value: v }) => typeof v === 'object' && v !== null && typeof (v as { apiVersion?: unknown }).apiVersion === 'string' && /^openslo\//.test((v as { apiVersion: string }).apiVersion),
  );
  if (isOpenSlo) return fromOpenSlo(parts, { display, file });

  if (parts.length > 1) throw new ConfigError('several YAML documents: the native format is one document with version and slos', { ...parts[1]!.ep.at([]) });
  const { value: data, ep, fp } = parts[0]!;
  if (typeof data !== 'object' || Array.isArray(data)) throw new ConfigError('the SLO file must be a mapping with version and slos', { ...ep.at([]) });
  const top = data as Record<string, unknown>;
  if ('version' in top && top.version !== 1) throw new ConfigError(`unsupported version ${JSON.stringify(top.version)}`, { ...ep.at(['version']), hint: 'this release reads version: 1' });
  validateAt('slo', top, [], ep);
  const slos = (top.slos as Record<string, unknown>[]).map((s, i) => nativeSlo(s, i, ep, fp));
  uniqueIds(slos, ep);
  return {
    file,
    display,
    format: 'native',
    slos,
    maxRequests: (top['max-requests'] as number | undefined) ?? DEFAULT_MAX_REQUESTS,
    rate: (top.rate as number | undefined) ?? DEFAULT_RATE,
    notes: [],
  };
}

function nativeSlo(s: Record<string, unknown>, i: number, ep: Pos, fp: Pos): SloDef {
  const at = (p: (string | number)[]) => ep.at(['slos', i, ...p]);
  const id = s.id as string;
  if ((s.availability !== undefined || s.latency !== undefined) && !s.probe) {
    throw new ConfigError(`SLO '${id}': ${s.availability !== undefined ? 'availability' : 'latency'} is measured by a probe; add probe: { path: … }`, { ...at([]) });
  }
  if (s.probe && s.availability === undefined && s.latency === undefined) {
    throw new ConfigError(`SLO '${id}': a probe measures availability or latency; add one of them`, { ...at(['probe']) });
  }
  const def: SloDef = { id, pos: fp.keyAt(['slos', i, 'id']), ...(typeof s.title === 'string' ? { title: s.title } : {}) };
  if (s.availability !== undefined) def.availability = s.availability as number;
  if (s.latency) def.latency = Object.fromEntries(Object.entries(s.latency as Record<string, unknown>).map(([k, v]) => [k, durationMs(v, at(['latency', k]))]));
  if (s.probe) {
    const p = s.probe as Record<string, unknown>;
    const expect = p['expect-status'] === undefined ? ['2xx'] : Array.isArray(p['expect-status']) ? (p['expect-status'] as (number | string)[]) : [p['expect-status'] as number | string];
    def.probe = {
      method: (p.method as string | undefined) ?? 'GET',
      path: p.path as string,
      requests: (p.requests as number | undefined) ?? DEFAULT_REQUESTS,
      concurrency: (p.concurrency as number | undefined) ?? 1,
      timeoutMs: timeoutOf(p.timeout, at(['probe', 'timeout'])),
      expect,
      headers: (p.headers as Record<string, string> | undefined) ?? {},
      ...(typeof p.body === 'string' ? { body: p.body } : {}),
      pathPos: fp.at(['slos', i, 'probe', 'path']),
    };
  }
  if (s.gauge) {
    const g = s.gauge as Record<string, unknown>;
    try {
      jsonPathSteps(g.json as string);
    } catch (e) {
      throw new ConfigError(`SLO '${id}': ${(e as Error).message}`, { ...at(['gauge', 'json']), hint: 'e.g. database.pool.utilization, checks[0].value, $.a["dotted.key"]' });
    }
    def.gauge = {
      method: (g.method as string | undefined) ?? 'GET',
      path: g.path as string,
      json: g.json as string,
      ...(typeof g.max === 'number' ? { max: g.max } : {}),
      ...(typeof g.min === 'number' ? { min: g.min } : {}),
      samples: (g.samples as number | undefined) ?? 1,
      timeoutMs: timeoutOf(g.timeout, at(['gauge', 'timeout'])),
      headers: (g.headers as Record<string, string> | undefined) ?? {},
      pathPos: fp.at(['slos', i, 'gauge', 'path']),
    };
  }
  return def;
}

function timeoutOf(v: unknown, pos: SourcePos): number {
  if (v === undefined) return DEFAULT_TIMEOUT_MS;
  const ms = durationMs(v, pos);
  if (ms > MAX_TIMEOUT_MS) throw new ConfigError(`timeout ${JSON.stringify(v)} is over the limit of 60s`, { ...pos });
  return ms;
}

function uniqueIds(slos: SloDef[], ep: Pos): void {
  const seen = new Map<string, number>();
  slos.forEach((s, i) => {
    const first = seen.get(s.id);
    if (first !== undefined) throw new ConfigError(`duplicate SLO id '${s.id}' (first on line ${slos[first]!.pos.line})`, { ...ep.at(['slos', i, 'id']) });
    seen.set(s.id, i);
  });
}
