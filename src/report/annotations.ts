import type { Finding, Level, Report } from '../types.js';
import { clip } from '../util/markdown.js';

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
 * changed files first when they are known), at most ten per type — or `perType`, when the step
 * spends some of GitHub's ten on its own messages — and how many were left out.
 */
export function toAnnotations(
  report: Report,
  opts: { prefix?: string; changedFiles?: ReadonlySet<string>; perType?: Partial<Record<Level, number>> } = {},
): { annotations: Annotation[]; omitted: Record<Level, number> } {
  const changed = opts.changedFiles;
  const titles = new Map(report.guardrails.map((g) => [g.id, g.title]));
  for (const r of report.rules) if (!titles.has(r.id)) titles.set(r.id, r.description);
  const ruleTitle = (f: Finding): string => titles.get(f.ruleId) ?? f.ruleId;
  const max = (l: Level): number => Math.max(0, Math.min(ANNOTATIONS_PER_TYPE, opts.perType?.[l] ?? ANNOTATIONS_PER_TYPE));
  const ordered = [...report.findings].sort((a, b) => (changed ? Number(changed.has(b.file)) - Number(changed.has(a.file)) : 0));
  const taken: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  const omitted: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  const annotations: Annotation[] = [];
  for (const f of ordered) {
    if (taken[f.level] >= max(f.level)) {
      omitted[f.level]++;
      continue;
    }
    taken[f.level]++;
    annotations.push({
      level: f.level,
      title: clip(`${ruleTitle(f)} (${f.ruleId})`, 300),
      message: clip(f.message, 4000),
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
