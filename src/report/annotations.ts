import type { Finding, Level, Report } from '../types.js';

/** GitHub shows at most this many annotations of one type per step. */
export const ANNOTATIONS_PER_TYPE = 10;

export interface Annotation {
  level: Level;
  title: string;
  message: string;
  file: string;
  startLine: number;
  startColumn?: number;
}

/**
 * The annotations to emit, most important first (error before warning before note, findings on
 * changed files first when they are known), at most ten per type, and how many were left out.
 */
export function toAnnotations(report: Report, opts: { prefix?: string; changedFiles?: ReadonlySet<string> } = {}): { annotations: Annotation[]; omitted: Record<Level, number> } {
  const changed = opts.changedFiles;
  const titles = new Map(report.guardrails.map((g) => [g.id, g.title]));
  const ruleTitle = (f: Finding): string => titles.get(f.ruleId) ?? report.rules.find((r) => r.id === f.ruleId)?.description ?? f.ruleId;
  const ordered = [...report.findings].sort((a, b) => (changed ? Number(changed.has(b.file)) - Number(changed.has(a.file)) : 0));
  const taken: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  const omitted: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  const annotations: Annotation[] = [];
  for (const f of ordered) {
    if (taken[f.level] >= ANNOTATIONS_PER_TYPE) {
      omitted[f.level]++;
      continue;
    }
    taken[f.level]++;
    annotations.push({
      level: f.level,
      title: `${ruleTitle(f)} (${f.ruleId})`,
      message: f.message,
      file: opts.prefix ? `${opts.prefix}/${f.file}` : f.file,
      startLine: f.line,
      ...(f.column ? { startColumn: f.column } : {}),
    });
  }
  annotations.sort((a, b) => rank(a.level) - rank(b.level));
  return { annotations, omitted };
}

function rank(l: Level): number {
  return l === 'error' ? 0 : l === 'warning' ? 1 : 2;
}
