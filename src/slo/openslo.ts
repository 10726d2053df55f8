import { ConfigError } from '../errors.js';
import { cmp } from '../util/text.js';
import { durationMs } from './duration.js';
import { DEFAULT_MAX_REQUESTS, DEFAULT_RATE, DEFAULT_REQUESTS, DEFAULT_TIMEOUT_MS, type SloDef, type SloFile } from './types.js';
import type { YamlPositions as Pos } from '../util/yaml-positions.js';

/**
 * OpenSLO v1 documents (`apiVersion: openslo/v1`, `kind: SLO`, with inline `indicator` or an
 * `indicatorRef` to a `kind: SLI` of the same file), mapped to what a synthetic probe can measure:
 *
 * - a `ratioMetric` indicator → availability = the objective's `targetPercent` (or `target` × 100);
 * - a `thresholdMetric` indicator with `op: lt|lte` and `value` → latency percentile
 *   p(target × 100) ≤ value (milliseconds; `living-architecture.dev/unit: s` for seconds), or,
 *   with a `living-architecture.dev/gauge-json` annotation, a gauge (`lt|lte` → max, `gt|gte` → min);
 * - what to request comes from annotations: `living-architecture.dev/probe: "GET /health"`,
 *   `…/requests`, `…/concurrency`, `…/timeout`, `…/expect-status`.
 *
 * What cannot be mapped is said in `notes`: metric sources (a probe measures the service, not a
 * query), time windows and budgeting methods (a probe run is one window), alert policies, other kinds.
 */
export function fromOpenSlo(parts: { value: unknown; ep: Pos; fp: Pos }[], where: { display: string; file: string }): SloFile {
  const notes: string[] = [];
  const slis = new Map<string, Record<string, unknown>>();
  for (const { value } of parts) {
    const v = value as Record<string, unknown>;
    if (v?.kind === 'SLI' && typeof meta(v).name === 'string') slis.set(meta(v).name as string, v);
  }
  const slos: SloDef[] = [];
  const ignoredKinds = new Set<string>();
  for (const { value, ep, fp } of parts) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError('an OpenSLO document must be a mapping with apiVersion and kind', { ...ep.at([]) });
    const v = value as Record<string, unknown>;
    if (v.apiVersion !== 'openslo/v1') {
      throw new ConfigError(`apiVersion ${JSON.stringify(v.apiVersion)} is not read`, {
        ...ep.at(['apiVersion']),
        hint: 'this release reads openslo/v1 documents (or its own format: version: 1, slos: […])',
      });
    }
    if (v.kind !== 'SLO') {
      if (v.kind !== 'SLI') ignoredKinds.add(String(v.kind));
      continue;
    }
    const name = meta(v).name;
    if (typeof name !== 'string' || name === '') throw new ConfigError('an OpenSLO SLO needs metadata.name (its id)', { ...ep.at(['metadata']) });
    const spec = (v.spec ?? {}) as Record<string, unknown>;
    const ann = (meta(v).annotations ?? {}) as Record<string, unknown>;
    const a = (k: string): string | undefined => (ann[`living-architecture.dev/${k}`] === undefined ? undefined : String(ann[`living-architecture.dev/${k}`]));
    const annPos = (k: string) => ep.at(['metadata', 'annotations', `living-architecture.dev/${k}`]);
    const def: SloDef = { id: name, pos: fp.keyAt(['metadata', 'name']) };
    const title = meta(v).displayName ?? spec.description;
    if (typeof title === 'string') def.title = title;

    let indicator = spec.indicator as Record<string, unknown> | undefined;
    if (!indicator && typeof spec.indicatorRef === 'string') {
      indicator = slis.get(spec.indicatorRef);
      if (!indicator) notes.push(`OpenSLO SLO '${name}': indicatorRef '${spec.indicatorRef}' is not an SLI of ${where.display}; its kind of objective is unknown.`);
    }
    const ispec = (indicator?.spec ?? {}) as Record<string, unknown>;
    const kind = ispec.ratioMetric ? 'ratio' : ispec.thresholdMetric ? 'threshold' : null;
    const objectives = Array.isArray(spec.objectives) ? (spec.objectives as Record<string, unknown>[]) : [];
    const unit = a('unit') === 's' ? 1000 : 1;
    const gaugeJson = a('gauge-json');
    let gaugeMax: number | undefined;
    let gaugeMin: number | undefined;
    objectives.forEach((o, i) => {
      const target = typeof o.targetPercent === 'number' ? o.targetPercent / 100 : typeof o.target === 'number' ? o.target : undefined;
      const op = typeof o.op === 'string' ? o.op : undefined;
      if (kind === 'ratio' && target !== undefined) def.availability = round(target * 100);
      else if (kind === 'threshold' && typeof o.value === 'number' && op && gaugeJson) {
        if (op === 'lt' || op === 'lte') gaugeMax = o.value;
        else gaugeMin = o.value;
      } else if (kind === 'threshold' && typeof o.value === 'number' && (op === 'lt' || op === 'lte') && target !== undefined) {
        def.latency = { ...(def.latency ?? {}), [`p${round(target * 100)}`]: o.value * unit };
      } else {
        notes.push(`OpenSLO SLO '${name}': objective ${i + 1} (${String(o.displayName ?? 'unnamed')}) cannot be measured by a probe${kind ? '' : ' (no ratioMetric or thresholdMetric indicator)'}.`);
      }
    });
    const ignored = ['timeWindow', 'budgetingMethod', 'alertPolicies', 'service'].filter((k) => spec[k] !== undefined);
    if (indicator) ignored.push('metric sources');
    if (ignored.length) notes.push(`OpenSLO SLO '${name}': not used by probes: ${ignored.join(', ')}.`);

    const probe = a('probe');
    if (probe) {
      const m = /^\s*([A-Za-z]+)\s+(\/\S*)\s*$/.exec(probe);
      if (!m) throw new ConfigError(`annotation living-architecture.dev/probe must be "METHOD /path", not ${JSON.stringify(probe)}`, { ...annPos('probe') });
      const method = m[1]!.toUpperCase();
      const pathPos = fp.at(['metadata', 'annotations', 'living-architecture.dev/probe']);
      const timeoutMs = a('timeout') ? durationMs(a('timeout'), annPos('timeout')) : DEFAULT_TIMEOUT_MS;
      if (gaugeJson && gaugeMax === undefined && gaugeMin === undefined) {
        notes.push(`OpenSLO SLO '${name}': gauge-json needs a thresholdMetric objective with op and value; not probed.`);
      } else if (gaugeJson) {
        def.gauge = {
          method,
          path: m[2]!,
          json: gaugeJson,
          samples: 1,
          timeoutMs,
          headers: {},
          pathPos,
          ...(gaugeMax !== undefined ? { max: gaugeMax } : {}),
          ...(gaugeMin !== undefined ? { min: gaugeMin } : {}),
        };
      } else if (def.availability !== undefined || def.latency) {
        def.probe = {
          method,
          path: m[2]!,
          requests: intAnn(a('requests'), DEFAULT_REQUESTS, 1, 10000, annPos('requests'), 'requests'),
          concurrency: intAnn(a('concurrency'), 1, 1, 64, annPos('concurrency'), 'concurrency'),
          timeoutMs,
          expect: a('expect-status')
            ? a('expect-status')!
                .split(',')
                .map((s) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : s.trim()))
            : ['2xx'],
          headers: {},
          pathPos,
        };
      }
    } else {
      notes.push(`OpenSLO SLO '${name}': no living-architecture.dev/probe annotation, so it is not probed.`);
    }
    slos.push(def);
  }
  if (ignoredKinds.size) notes.push(`OpenSLO kinds not used: ${[...ignoredKinds].sort(cmp).join(', ')}.`);
  if (slos.length === 0) throw new ConfigError('no OpenSLO document of kind SLO', { file: where.display, line: 1, column: 1 });
  const seen = new Set<string>();
  for (const s of slos) {
    if (seen.has(s.id)) throw new ConfigError(`duplicate SLO '${s.id}'`, { ...s.pos, file: where.display });
    seen.add(s.id);
  }
  return { file: where.file, display: where.display, format: 'openslo', slos, maxRequests: DEFAULT_MAX_REQUESTS, rate: DEFAULT_RATE, notes };
}

function meta(v: Record<string, unknown>): Record<string, unknown> {
  return (v.metadata ?? {}) as Record<string, unknown>;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function intAnn(v: string | undefined, dflt: number, min: number, max: number, pos: { file: string; line: number; column: number }, what: string): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`annotation living-architecture.dev/${what} must be a whole number from ${min} to ${max}, not ${JSON.stringify(v)}`, { ...pos });
  return n;
}
