import { gzipSync } from 'node:zlib';
import { gates } from '../gate.js';
import type { Finding, GuardrailResult, Level, Report, RuleMeta } from '../types.js';
import { cmp } from '../util/text.js';
import { auditUrl, encodePath, isUrl, type LinkContext } from './links.js';
import { mdLink, prose } from '../util/markdown.js';
import { ruleDefaultLevel, sarifLevelOf, type SarifLevels } from './sarif-levels.js';

/**
 * GitHub code scanning's limits on one upload (docs: "SARIF results exceed limit", "SARIF file is
 * too large"): 25,000 results and 25,000 rules per run, 1,000 locations per result (we write one),
 * 20 tags per rule, 10 MB gzipped.
 */
export const SARIF_LIMITS = { results: 25_000, rules: 25_000, gzipBytes: 10 * 1024 * 1024, tags: 20 };

/** Longest text of one field, by how hard the file must shrink (the JSON report keeps every text whole). */
const TEXT_LEVELS = [
  { title: 1024, description: 8192, message: 8192 },
  { title: 256, description: 1024, message: 1024 },
  { title: 120, description: 256, message: 256 },
] as const;
type TextLevel = (typeof TEXT_LEVELS)[number];

const INFO_URI = 'https://github.com/living-architecture/guardrails';
const FINGERPRINT_KEY = 'livingArchitecture/v1';

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri?: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: string };
  properties: Record<string, unknown>;
}

export interface SarifOutput {
  json: string;
  /** Results left out to stay within the limits. */
  truncated: number;
  /** Everything that was cut (results, rules, shortened texts), for the log. */
  cut: string[];
}

/**
 * The report as SARIF 2.1.0: one run, a rule per guardrail that ran (and per sub-rule), results
 * sorted, byte-identical for identical input, within every GitHub upload limit. When it would
 * not fit: texts are shortened, then results are left out (the most severe kept) with the rules
 * only they used; a notification in the run and `cut` say what was left out.
 * `levels` (src/report/sarif-levels.ts): each result's level from its severity (default) or from
 * whether it fails the gate; with `gate` the real severity is the result's `properties.severity`.
 */
export function toSarif(report: Report, opts: { category: string; links?: LinkContext; levels?: SarifLevels }): SarifOutput {
  const links = opts.links ?? {};
  const mode = opts.levels ?? 'severity';
  // Tool problems (a fact the checkout could not give) are notifications, not code alerts.
  const codeFindings = report.findings.filter((f) => !isToolProblem(f));
  const gating = new Set(codeFindings.filter((f) => gates(f, report.failOn)).map((f) => f.ruleId));
  const levels: RuleLevels = { mode, gates: (id) => gating.has(id) };
  const guardrailRules = report.guardrails.map((g) => ({ id: g.id, make: (t: TextLevel) => guardrailRule(g, links, t, levels) }));
  const parents = new Map(report.guardrails.map((g) => [g.id, g]));
  const subRules = report.rules.map((r) => ({ id: r.id, make: (t: TextLevel) => subRule(r, links, parents, t, levels) }));
  const declared = new Map<string, { id: string; make: (t: TextLevel) => SarifRule }>();
  for (const r of [...guardrailRules, ...subRules]) if (!declared.has(r.id)) declared.set(r.id, r);
  // A finding whose rule was not declared (defensive): declare it from the finding.
  for (const f of codeFindings) {
    if (!declared.has(f.ruleId)) declared.set(f.ruleId, { id: f.ruleId, make: (t) => subRule({ id: f.ruleId, name: f.ruleId, description: f.ruleId, level: f.level }, links, parents, t, levels) });
  }
  const guardrailIds = new Set(report.guardrails.map((g) => g.id));

  /** The findings kept (most severe first: report order) and the rules declared, within the count limits. */
  const select = (maxResults: number, allRules: boolean): { kept: Finding[]; ruleIds: string[] } => {
    const used = new Set<string>();
    const kept: Finding[] = [];
    for (const f of codeFindings) {
      if (kept.length >= maxResults) break;
      if (!used.has(f.ruleId)) {
        if (used.size >= SARIF_LIMITS.rules) continue;
        used.add(f.ruleId);
      }
      kept.push(f);
    }
    // Then the rules no kept result uses: guardrails first, sub-rules while they fit (all only while the file is small enough).
    const rest = [...declared.keys()].filter((id) => !used.has(id)).sort((a, b) => Number(guardrailIds.has(b)) - Number(guardrailIds.has(a)) || cmp(a, b));
    for (const id of rest) {
      if (used.size >= SARIF_LIMITS.rules) break;
      if (allRules || guardrailIds.has(id)) used.add(id);
    }
    return { kept, ruleIds: [...used].sort(cmp) };
  };

  const cut: string[] = [];
  let level = 0;
  let maxResults = SARIF_LIMITS.results;
  let allRules = true;
  let { kept, ruleIds } = select(maxResults, allRules);
  let json = render(kept, ruleIds, TEXT_LEVELS[0]);
  while (gzipSync(json).length > SARIF_LIMITS.gzipBytes) {
    if (level < TEXT_LEVELS.length - 1) level++;
    else if (allRules) allRules = false;
    else if (maxResults > 0) maxResults = Math.floor(Math.min(maxResults, kept.length) * 0.8);
    else break; // nothing left to cut: the guardrails' own rules at the shortest texts
    ({ kept, ruleIds } = select(maxResults, allRules));
    json = render(kept, ruleIds, TEXT_LEVELS[level]!);
  }
  const truncated = codeFindings.length - kept.length;
  if (truncated > 0) cut.push(`${truncated} of ${codeFindings.length} results`);
  if (ruleIds.length < declared.size) cut.push(`${declared.size - ruleIds.length} of ${declared.size} rules no kept result uses`);
  if (level > 0) cut.push(`texts longer than ${TEXT_LEVELS[level]!.description} characters`);
  return { json, truncated, cut };

  function render(findings: Finding[], ids: string[], text: TextLevel): string {
    const rules = ids.map((id) => declared.get(id)!.make(text));
    const index = new Map(ids.map((id, i) => [id, i]));
    const results = [...findings].sort(bySarifOrder).map((f) => result(f, index.get(f.ruleId)!, report.repoPrefix, text, sarifLevelOf(f, report.failOn, mode), mode));
    const run: Record<string, unknown> = {
      tool: {
        driver: {
          name: report.tool.name,
          semanticVersion: report.tool.version,
          informationUri: INFO_URI,
          rules,
        },
      },
      automationDetails: { id: `${opts.category}/` },
      columnKind: 'utf16CodeUnits',
      results,
    };
    const dropped = codeFindings.length - findings.length;
    const notes = toolNotifications(report, text);
    if (dropped > 0 || ids.length < declared.size) {
      const what = [
        dropped > 0 ? `${dropped} of ${codeFindings.length} results were left out (the most severe were kept)` : '',
        ids.length < declared.size ? `${declared.size - ids.length} rules no kept result uses were left out` : '',
      ]
        .filter(Boolean)
        .join('; ');
      notes.unshift({ level: 'warning', message: { text: `${what}, to stay within GitHub's upload limits. See the JSON report for all.` } });
    }
    if (notes.length > 0) run.invocations = [{ executionSuccessful: executionSuccessful(report), toolExecutionNotifications: notes }];
    return `${JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] }, null, 2)}\n`;
  }
}

/** At most `max` characters of a text, marked when cut. */
function limit(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 8)}… (cut)`;
}

function bySarifOrder(a: Finding, b: Finding): number {
  return cmp(a.file, b.file) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || cmp(a.ruleId, b.ruleId) || cmp(a.message, b.message);
}

/** One result; `level` is always written (code scanning then never falls back on the rule's default). */
function result(f: Finding, ruleIndex: number, prefix: string, text: TextLevel, level: string, mode: SarifLevels): Record<string, unknown> {
  const region = regionOf(f);
  const props: Record<string, unknown> = { ...(f.properties ?? {}) };
  if (f.goals && f.goals.length > 0) props.businessGoals = f.goals;
  if (mode === 'gate') props.severity = f.level; // the level says whether it fails the gate; this, how bad it is
  const r: Record<string, unknown> = {
    ruleId: f.ruleId,
    ruleIndex,
    level,
    message: sarifMessage(f.message, text.message),
    locations: [{ physicalLocation: { artifactLocation: { uri: encodePath(prefix ? `${prefix}/${f.file}` : f.file), uriBaseId: '%SRCROOT%' }, region } }],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint ?? '' },
  };
  const related = cycleLocations(f, prefix);
  if (related.length > 0) r.relatedLocations = related;
  if (f.baselineState) r.baselineState = f.baselineState === 'recurring' ? 'unchanged' : 'new';
  if (Object.keys(props).length > 0) r.properties = sortKeys(props);
  return r;
}

/**
 * Where a finding sits in SARIF. A finding about a whole file (`properties.scope: 'file'`, e.g.
 * max-lines) goes on line 1, not on the line it reports elsewhere (max-lines: line max+1).
 * GitHub tracks an alert by `primaryLocationLineHash`, which upload-sarif computes from the
 * flagged line's content (the first 100 non-blank characters from that line on): line max+1
 * holds whatever code happens to be there, so adding a line anywhere above it gives a new hash,
 * closing the alert and opening another. Line 1's hash changes only when the top of the file
 * does. No region at all is worse: upload-sarif then computes no line hash ("locations without a
 * line number are unlikely to be source files"), and code scanning's file view needs a line.
 */
function regionOf(f: Finding): Record<string, number> {
  if (f.properties?.scope === 'file') return { startLine: 1 };
  const region: Record<string, number> = { startLine: Math.max(1, f.line) };
  if (f.column && f.column > 0) region.startColumn = f.column;
  if (f.endLine) region.endLine = f.endLine;
  if (f.endColumn) region.endColumn = f.endColumn;
  return region;
}

/** A finding that reports the tool's own problem (e.g. history the clone lacks), not the code: `properties.toolProblem`. */
function isToolProblem(f: Finding): boolean {
  return f.properties?.toolProblem === true;
}

interface SarifNotification {
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  descriptor?: { id: string };
  properties?: { guardrail: string };
}

/** False only when a guardrail could not run. */
function executionSuccessful(report: Report): boolean {
  return !report.guardrails.some((g) => g.status === 'error');
}

/**
 * Tool problems as `invocations[0].toolExecutionNotifications` (never results on guardrails.yaml):
 * guardrails that could not run, findings marked as tool problems, and the run's notices.
 */
function toolNotifications(report: Report, text: TextLevel): SarifNotification[] {
  const about = (id: string | undefined): Partial<SarifNotification> => (id === undefined ? {} : { descriptor: { id }, properties: { guardrail: id } });
  const ids = report.guardrails.map((g) => g.id).sort((a, b) => b.length - a.length || cmp(a, b));
  const guardrailOf = (s: string): string | undefined => ids.find((id) => s.startsWith(`${id}:`) || s.startsWith(`${id} `));
  const out: SarifNotification[] = [];
  for (const g of report.guardrails) {
    if (g.status === 'error') out.push({ level: 'error', message: { text: limit(`${g.id} could not run: ${g.detail ?? 'unknown error'}`, text.message) }, ...about(g.id) });
  }
  for (const f of report.findings) {
    if (isToolProblem(f)) out.push({ level: f.level, message: { text: limit(f.message, text.message) }, ...about(f.guardrail ?? f.ruleId) });
  }
  const errored = new Set(report.guardrails.filter((g) => g.status === 'error').map((g) => g.id));
  for (const n of report.notices) {
    const id = guardrailOf(n);
    if (id !== undefined && errored.has(id) && n.startsWith(`${id} could not run`)) continue; // said above
    out.push({ level: 'note', message: { text: limit(n, text.message) }, ...about(id) });
  }
  return out;
}

/** First sentences longer than this are split: code scanning shows the first sentence as the alert's title. */
export const HEADLINE_MAX = 120;

/**
 * A result's message: `text` is plain (code scanning shows it as written): quoted code unquoted,
 * no emphasis or link syntax, and a first sentence under HEADLINE_MAX characters (a longer one is
 * broken at its last word boundary before the limit, the rest follows as the next sentence). When
 * the finding quotes code, `markdown` shows it as code spans (repository text made inert by prose()).
 */
export function sarifMessage(message: string, max: number): { text: string; markdown?: string } {
  const plain = message
    .replace(/`([^`\r\n]+)`/g, '$1')
    .replace(/\[([^\]\r\n]*)\]\(([^)\s]*)\)/g, '$1 ($2)')
    .replace(/\*\*|__/g, '')
    .replace(/`/g, "'");
  const text = limit(headline(plain), max);
  return /`[^`\r\n]+`/.test(message) ? { text, markdown: limit(prose(message, { cell: false }), max) } : { text };
}

/** The text with its first sentence (up to `. `, or the end) under HEADLINE_MAX characters. */
function headline(s: string): string {
  const end = s.search(/[.!?…](\s|$)/);
  const first = end < 0 ? s.length : end + 1;
  if (first < HEADLINE_MAX) return s;
  const room = s.slice(0, HEADLINE_MAX - 2);
  const cut = Math.max(room.lastIndexOf(' '), 40);
  return `${s.slice(0, cut).replace(/[\s:;,]+$/, '')}… ${s.slice(cut).trimStart()}`;
}

/**
 * A cycle finding's imports (no-cycles: `properties.cycleImports`), each where it is written, so
 * code scanning shows the path round the cycle.
 */
function cycleLocations(f: Finding, prefix: string): Record<string, unknown>[] {
  const imports = f.properties?.cycleImports;
  if (!Array.isArray(imports)) return [];
  return imports
    .filter((e): e is { from: string; to: string; line: number } => typeof e?.from === 'string' && typeof e?.to === 'string' && typeof e?.line === 'number')
    .slice(0, 999)
    .map((e, id) => ({
      id,
      physicalLocation: { artifactLocation: { uri: encodePath(prefix ? `${prefix}/${e.from}` : e.from), uriBaseId: '%SRCROOT%' }, region: { startLine: Math.max(1, e.line) } },
      message: { text: `imports ${e.to}` },
    }));
}

/** How rules carry levels: the mode, and whether a rule has a result that fails the gate. */
interface RuleLevels {
  mode: SarifLevels;
  gates: (ruleId: string) => boolean;
}

/**
 * A rule's `security-severity` and severity properties. Code scanning's check fails on new alerts
 * of rules rated High or Critical whatever their level, and reads the rating from the rule alone:
 * in `gate` mode only a rule with a result failing the gate keeps it (the value stays readable as
 * `securitySeverity`), so GitHub's check fails only where the Action's gate does.
 */
function severityProps(props: Record<string, unknown>, id: string, securitySeverity: number | undefined, severity: Level, levels: RuleLevels): void {
  if (securitySeverity !== undefined) {
    if (levels.mode === 'severity' || levels.gates(id)) props['security-severity'] = securitySeverity.toFixed(1);
    else props.securitySeverity = securitySeverity.toFixed(1);
  }
  if (levels.mode === 'gate') props.severity = severity;
}

function guardrailRule(g: GuardrailResult, links: LinkContext, t: TextLevel, levels: RuleLevels): SarifRule {
  const title = limit(g.title, t.title);
  const rationale = g.rationale === undefined ? undefined : limit(g.rationale, t.description);
  const audit = g.audit === undefined ? undefined : limit(g.audit, t.title);
  const help = helpText(title, rationale, audit, g.checkDescription, links);
  const url = g.audit && g.audit.length <= 2048 ? auditUrl(links, g.audit) : undefined;
  const props: Record<string, unknown> = { tags: tagsOf(['living-architecture', `check:${g.check}`, ...g.tags]), precision: 'high' };
  severityProps(props, g.id, g.securitySeverity, g.severity, levels);
  if (g.goals.length > 0) props.businessGoals = g.goals;
  return {
    id: g.id,
    name: pascal(g.id).slice(0, 256),
    shortDescription: { text: title },
    fullDescription: { text: rationale ?? title },
    ...(url ? { helpUri: url } : {}),
    help,
    defaultConfiguration: { level: ruleDefaultLevel(g.severity, levels.mode) },
    properties: props,
  };
}

function subRule(r: RuleMeta, links: LinkContext, parents: Map<string, GuardrailResult>, t: TextLevel, levels: RuleLevels): SarifRule {
  const parent = r.guardrail === undefined ? undefined : parents.get(r.guardrail);
  const props: Record<string, unknown> = { tags: tagsOf(['living-architecture', ...(r.tags ?? []), ...(parent?.tags ?? [])]), precision: 'high' };
  severityProps(props, r.id, r.securitySeverity, r.level, levels);
  const title = limit(r.description, t.title);
  const full = r.fullDescription === undefined ? undefined : limit(r.fullDescription, t.description);
  const audit = parent?.audit === undefined ? undefined : limit(parent.audit, t.title);
  const help = helpText(title, full, audit, undefined, links);
  const url = r.helpUri && isUrl(r.helpUri) && r.helpUri.length <= 2048 ? r.helpUri : parent?.audit && parent.audit.length <= 2048 ? auditUrl(links, parent.audit) : undefined;
  return {
    id: r.id,
    name: pascal(r.id).slice(0, 256),
    shortDescription: { text: title },
    fullDescription: { text: full ?? title },
    ...(url ? { helpUri: url } : {}),
    help,
    defaultConfiguration: { level: ruleDefaultLevel(r.level, levels.mode) },
    properties: props,
  };
}

function helpText(title: string, rationale: string | undefined, audit: string | undefined, kindDescription: string | undefined, links: LinkContext): { text: string; markdown: string } {
  const text = [title, rationale, kindDescription ? `Check: ${kindDescription}` : undefined, audit ? `Audit: ${audit}` : undefined].filter(Boolean).join('\n\n');
  // Code scanning renders help.markdown: repository text goes through src/util/markdown.ts.
  const md = [
    `**${prose(title, { cell: false })}**`,
    rationale === undefined ? undefined : prose(rationale, { cell: false }),
    kindDescription ? `Check: ${kindDescription}` : undefined,
    audit ? `Audit: ${mdLink(audit, auditUrl(links, audit), { cell: false })}` : undefined,
  ]
    .filter(Boolean)
    .join('\n\n');
  return { text, markdown: md };
}

function tagsOf(tags: string[]): string[] {
  return [...new Set(tags)].sort(cmp).slice(0, SARIF_LIMITS.tags);
}

function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => cmp(a, b)));
}
