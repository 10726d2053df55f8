import path from 'node:path';
import type { Finding, Level, RuleMeta } from '../types.js';
import { relativeInside } from './paths.js';

/**
 * Turns the SARIF a command wrote into our findings, so that they flow through every writer (one
 * SARIF run, the summary, annotations, the baseline). Rule ids are prefixed with the guardrail id.
 */
export function importSarif(log: unknown, guardrail: { id: string; severity: Level }, root: string, sarifDir: string): { findings: Finding[]; rules: RuleMeta[]; problems: string[] } {
  const findings: Finding[] = [];
  const rules = new Map<string, RuleMeta>();
  const problems: string[] = [];
  const runs = (log as { runs?: unknown })?.runs;
  if (!Array.isArray(runs)) return { findings, rules: [], problems: ['not a SARIF log (no runs array)'] };
  for (const run of runs as SarifRun[]) {
    const driverRules = new Map<string, SarifRule>();
    for (const r of run?.tool?.driver?.rules ?? []) if (r?.id) driverRules.set(r.id, r);
    for (const res of run?.results ?? []) {
      const sub = res.ruleId ?? (typeof res.rule?.id === 'string' ? res.rule.id : undefined) ?? 'result';
      const ruleId = `${guardrail.id}/${sub}`;
      const meta = driverRules.get(sub);
      const level = toLevel(res.level ?? meta?.defaultConfiguration?.level, guardrail.severity);
      if (!rules.has(ruleId)) {
        rules.set(ruleId, {
          id: ruleId,
          guardrail: guardrail.id,
          name: meta?.name ?? sub,
          description: meta?.shortDescription?.text ?? sub,
          fullDescription: meta?.fullDescription?.text,
          helpUri: meta?.helpUri,
          level,
        });
      }
      const loc = res.locations?.[0]?.physicalLocation;
      const uri = loc?.artifactLocation?.uri;
      let file: string | null = null;
      if (typeof uri === 'string') file = uriToRepoPath(uri, root, sarifDir);
      if (file === null) {
        problems.push(`a result of ${sub} has no location inside the repository`);
        continue;
      }
      const line = Math.max(1, Number(loc?.region?.startLine ?? 1) || 1);
      const column = loc?.region?.startColumn;
      const text = res.message?.text ?? meta?.shortDescription?.text ?? sub;
      findings.push({
        ruleId,
        level,
        file,
        line,
        ...(typeof column === 'number' ? { column } : {}),
        message: String(text),
        identity: res.partialFingerprints ? JSON.stringify(sortObject(res.partialFingerprints)) : String(text),
      });
    }
  }
  return { findings, rules: [...rules.values()], problems };
}

function toLevel(l: unknown, fallback: Level): Level {
  if (l === 'error' || l === 'warning' || l === 'note') return l;
  if (l === 'none') return 'note';
  return fallback;
}

function uriToRepoPath(uri: string, root: string, sarifDir: string): string | null {
  let p = uri;
  if (p.startsWith('file://')) {
    try {
      p = new URL(p).pathname;
      p = decodeURIComponent(p);
    } catch {
      return null;
    }
  } else {
    try {
      p = decodeURIComponent(p);
    } catch {
      // keep as written
    }
  }
  // Relative URIs are relative to the repository root (uriBaseId %SRCROOT%), as most tools write them.
  const abs = path.isAbsolute(p) ? p : path.resolve(root, p);
  const rel = relativeInside(root, abs);
  if (rel !== null) return rel;
  return relativeInside(root, path.resolve(sarifDir, p));
}

function sortObject(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

interface SarifRule {
  id?: string;
  name?: string;
  shortDescription?: { text?: string };
  fullDescription?: { text?: string };
  helpUri?: string;
  defaultConfiguration?: { level?: string };
}
interface SarifRun {
  tool?: { driver?: { rules?: SarifRule[] } };
  results?: {
    ruleId?: string;
    rule?: { id?: unknown };
    level?: string;
    message?: { text?: string };
    partialFingerprints?: Record<string, unknown>;
    locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number; startColumn?: number } } }[];
  }[];
}
