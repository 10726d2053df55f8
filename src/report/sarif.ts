import { gzipSync } from 'node:zlib';
import type { Finding, GuardrailResult, Report, RuleMeta } from '../types.js';
import { cmp } from '../util/text.js';
import { auditUrl, encodePath, isUrl, type LinkContext } from './links.js';

/** GitHub code scanning's limits on one upload. */
export const SARIF_LIMITS = { results: 25_000, gzipBytes: 10 * 1024 * 1024, tags: 20 };

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

/**
 * The report as SARIF 2.1.0: one run, a rule per guardrail that ran (and per sub-rule), results
 * sorted, byte-identical for identical input, within GitHub's upload limits (truncated with a
 * notification, most severe results kept).
 */
export function toSarif(report: Report, opts: { category: string; links?: LinkContext }): { json: string; truncated: number } {
  const links = opts.links ?? {};
  const rules: SarifRule[] = [
    ...report.guardrails.map((g) => guardrailRule(g, links)),
    ...report.rules.map((r) => subRule(r, links, report.guardrails)),
  ];
  const known = new Set(rules.map((r) => r.id));
  // A finding whose rule was not declared (defensive): declare it from the finding.
  for (const f of report.findings) {
    if (!known.has(f.ruleId)) {
      known.add(f.ruleId);
      rules.push(subRule({ id: f.ruleId, name: f.ruleId, description: f.ruleId, level: f.level }, links, report.guardrails));
    }
  }
  rules.sort((a, b) => cmp(a.id, b.id));
  const index = new Map(rules.map((r, i) => [r.id, i]));

  let kept = report.findings.slice(0, SARIF_LIMITS.results);
  let truncated = report.findings.length - kept.length;
  let json = render(kept, truncated);
  while (gzipSync(json).length > SARIF_LIMITS.gzipBytes && kept.length > 0) {
    kept = kept.slice(0, Math.floor(kept.length * 0.8));
    truncated = report.findings.length - kept.length;
    json = render(kept, truncated);
  }
  return { json, truncated };

  function render(findings: Finding[], dropped: number): string {
    const results = [...findings].sort(bySarifOrder).map((f) => result(f, index.get(f.ruleId)!, report.repoPrefix));
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
    if (dropped > 0) {
      run.invocations = [
        {
          executionSuccessful: true,
          toolExecutionNotifications: [
            {
              level: 'warning',
              message: { text: `${dropped} of ${report.findings.length} results were left out to stay within GitHub's upload limits; the most severe were kept. See the JSON report for all.` },
            },
          ],
        },
      ];
    }
    return `${JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] }, null, 2)}\n`;
  }
}

function bySarifOrder(a: Finding, b: Finding): number {
  return cmp(a.file, b.file) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || cmp(a.ruleId, b.ruleId) || cmp(a.message, b.message);
}

function result(f: Finding, ruleIndex: number, prefix: string): Record<string, unknown> {
  const region: Record<string, number> = { startLine: Math.max(1, f.line) };
  if (f.column && f.column > 0) region.startColumn = f.column;
  if (f.endLine) region.endLine = f.endLine;
  if (f.endColumn) region.endColumn = f.endColumn;
  const props: Record<string, unknown> = { ...(f.properties ?? {}) };
  if (f.goals && f.goals.length > 0) props.businessGoals = f.goals;
  const r: Record<string, unknown> = {
    ruleId: f.ruleId,
    ruleIndex,
    level: f.level,
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: encodePath(prefix ? `${prefix}/${f.file}` : f.file), uriBaseId: '%SRCROOT%' }, region } }],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint ?? '' },
  };
  if (f.baselineState) r.baselineState = f.baselineState === 'recurring' ? 'unchanged' : 'new';
  if (Object.keys(props).length > 0) r.properties = sortKeys(props);
  return r;
}

function guardrailRule(g: GuardrailResult, links: LinkContext): SarifRule {
  const help = helpText(g.title, g.rationale, g.audit, g.checkDescription, links);
  const url = auditUrl(links, g.audit);
  const props: Record<string, unknown> = { tags: tagsOf(['living-architecture', `check:${g.check}`, ...g.tags]), precision: 'high' };
  if (g.securitySeverity !== undefined) props['security-severity'] = g.securitySeverity.toFixed(1);
  if (g.goals.length > 0) props.businessGoals = g.goals;
  return {
    id: g.id,
    name: pascal(g.id),
    shortDescription: { text: g.title },
    fullDescription: { text: g.rationale ?? g.title },
    ...(url ? { helpUri: url } : {}),
    help,
    defaultConfiguration: { level: g.severity },
    properties: props,
  };
}

function subRule(r: RuleMeta, links: LinkContext, guardrails: GuardrailResult[]): SarifRule {
  const parent = guardrails.find((g) => g.id === r.guardrail);
  const props: Record<string, unknown> = { tags: tagsOf(['living-architecture', ...(r.tags ?? []), ...(parent?.tags ?? [])]), precision: 'high' };
  if (r.securitySeverity !== undefined) props['security-severity'] = r.securitySeverity.toFixed(1);
  const help = helpText(r.description, r.fullDescription, parent?.audit, undefined, links);
  const url = r.helpUri && isUrl(r.helpUri) ? r.helpUri : auditUrl(links, parent?.audit);
  return {
    id: r.id,
    name: pascal(r.id),
    shortDescription: { text: r.description },
    fullDescription: { text: r.fullDescription ?? r.description },
    ...(url ? { helpUri: url } : {}),
    help,
    defaultConfiguration: { level: r.level },
    properties: props,
  };
}

function helpText(title: string, rationale: string | undefined, audit: string | undefined, kindDescription: string | undefined, links: LinkContext): { text: string; markdown: string } {
  const text = [title, rationale, kindDescription ? `Check: ${kindDescription}` : undefined, audit ? `Audit: ${audit}` : undefined].filter(Boolean).join('\n\n');
  const url = auditUrl(links, audit);
  const md = [`**${title}**`, rationale, kindDescription ? `Check: ${kindDescription}` : undefined, audit ? `Audit: ${url ? `[${audit}](${url})` : `\`${audit}\``}` : undefined].filter(Boolean).join('\n\n');
  return { text, markdown: md };
}

function tagsOf(tags: string[]): string[] {
  return [...new Set(tags)].sort(cmp).slice(0, SARIF_LIMITS.tags);
}

function pascal(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => cmp(a, b)));
}
