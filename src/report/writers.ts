/**
 * The writers: every view of a report, one signature — `render(report, ctx)` gives the view and
 * what it cut to stay within its limits. The doors (src/action/main.ts, src/cli/) choose writers by name
 * and put their output where it goes (files through writeAll, the job summary, core.* for
 * annotations, the baseline file); a writer never runs a check and never writes a file. A new output format is one
 * entry here.
 */
import { scopeOf, updateBaseline, type BaselineUpdate } from '../baseline/classify.js';
import { todayOf } from '../baseline/dates.js';
import { serializeBaseline, type Baseline } from '../baseline/file.js';
import { DEFAULT_CATEGORY } from '../defaults.js';
import type { Level, Report } from '../types.js';
import { ANNOTATIONS_PER_TYPE, toAnnotations, type Annotation } from './annotations.js';
import { toDriftReport, type MapDriftPart } from './drift.js';
import { toJson } from './json.js';
import type { LinkContext } from './links.js';
import { toPrComment } from './pr-comment.js';
import { toSarif } from './sarif.js';
import type { SarifLevels } from './sarif-levels.js';
import { summarize } from './summary.js';
import { toText } from './text.js';

/** What a writer may need besides the report. Each writer reads the fields it knows. */
export interface WriterContext {
  /** SARIF `automationDetails` category (the Action input `category`). */
  category?: string;
  /** SARIF result levels: from the severity (default) or from the gate (the input `sarif-levels`). */
  sarifLevels?: SarifLevels;
  /** Links to files, lines and the run (from the GitHub environment). */
  links?: LinkContext;
  /** A byte or character budget (the job summary, the drift report). */
  maxBytes?: number;
  /** What the SARIF file left out (said in the summary). */
  sarifCut?: readonly string[];
  /** Colour for a terminal (text). */
  color?: boolean;
  /** The run's day, YYYY-MM-DD (drift report). */
  date?: string;
  /** The map part of the drift report. */
  map?: MapDriftPart;
  runUrl?: string;
  /** Annotations: the changed files go first, and the room left of GitHub's 10 per type. */
  changedFiles?: ReadonlySet<string>;
  perType?: Partial<Record<Level, number>>;
  /** The baseline file as read before the run (null: none yet). */
  previousBaseline?: Baseline | null;
}

/** A rendered view: what to write, and what was cut to fit (for the log). */
export interface Rendered<T = string> {
  output: T;
  cut: readonly string[];
}

export interface Writer<T = string> {
  /** What it writes, for docs and --help. */
  description: string;
  render(report: Report, ctx: WriterContext): Rendered<T>;
}

export const WRITERS = {
  sarif: {
    description: 'SARIF 2.1.0 for GitHub code scanning, within its upload limits',
    render: (report, ctx) => {
      const s = toSarif(report, { category: ctx.category ?? DEFAULT_CATEGORY, ...(ctx.links ? { links: ctx.links } : {}), ...(ctx.sarifLevels ? { levels: ctx.sarifLevels } : {}) });
      return { output: s.json, cut: s.cut };
    },
  },
  json: {
    description: 'The JSON report: everything, machine-readable (schemas/report.schema.json)',
    render: (report, _ctx) => ({ output: toJson(report), cut: [] }),
  },
  summary: {
    description: 'The Markdown job summary, within GitHub’s 1 MiB',
    render: (report, ctx) => {
      const s = summarize(report, { ...(ctx.links ? { links: ctx.links } : {}), ...(ctx.sarifCut ? { sarifCut: ctx.sarifCut } : {}), ...(ctx.maxBytes ? { maxBytes: ctx.maxBytes } : {}) });
      return { output: s.markdown, cut: s.cut };
    },
  },
  text: {
    description: 'The terminal report of the CLI',
    render: (report, ctx) => ({ output: toText(report, { color: ctx.color ?? false }), cut: [] }),
  },
  'pr-comment': {
    description: 'The pull-request comment',
    render: (report, ctx) => ({ output: toPrComment(report, { ...(ctx.links ? { links: ctx.links } : {}), ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}) }), cut: [] }),
  },
  'drift-report': {
    description: 'The nightly drift report (file and issue body)',
    render: (report, ctx) => {
      const d = toDriftReport(report, {
        date: ctx.date ?? todayOf(),
        ...(ctx.links ? { links: ctx.links } : {}),
        ...(ctx.map ? { map: ctx.map } : {}),
        ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}),
        ...(ctx.maxBytes ? { maxChars: ctx.maxBytes } : {}),
      });
      return { output: d.markdown, cut: [] };
    },
  },
  annotations: {
    description: 'Annotations on the changed lines, within GitHub’s 10 per type and step',
    render: (report, ctx) => {
      const a = toAnnotations(report, {
        prefix: report.repoPrefix,
        ...(ctx.changedFiles ? { changedFiles: ctx.changedFiles } : {}),
        perType: ctx.perType ?? { error: ANNOTATIONS_PER_TYPE, warning: ANNOTATIONS_PER_TYPE, note: ANNOTATIONS_PER_TYPE },
      });
      const cut = Object.entries(a.omitted)
        .filter(([, n]) => n > 0)
        .map(([l, n]) => `${n} ${l}${n === 1 ? '' : 's'}`);
      return { output: a.annotations, cut };
    },
  },
  baseline: {
    description: 'The drift tracker baseline: the run folded into the previous one (what `baseline update` writes)',
    render: (report, ctx): Rendered<{ content: string; update: BaselineUpdate }> => {
      const scope = scopeOf(
        report.guardrails,
        report.guardrails.map((g) => g.id),
        report.only,
      );
      const update = updateBaseline(ctx.previousBaseline ?? null, report.findings, { scope, today: ctx.date ?? todayOf() });
      return { output: { content: serializeBaseline(update.baseline), update }, cut: [] };
    },
  },
} satisfies Record<string, Writer<unknown>>;

export type WriterName = keyof typeof WRITERS;
export type { Annotation };
