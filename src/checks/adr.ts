import { citedRecords } from '../adr/cite.js';
import { KNOWN_STATUSES, USUAL_ADR_DIRS, readRecords, recordFiles, recordProblems, type AdrRecord } from '../adr/records.js';
import { ConfigError } from '../errors.js';
import type { Finding, Guardrail } from '../types.js';
import { compileMatcher } from '../util/paths.js';
import { plural } from '../util/text.js';
import { changedFiles } from '../workspace/changes.js';
import type { Workspace } from '../workspace/workspace.js';
import { asList, globs } from './schema-bits.js';
import { defineKind, findingOf, type CheckContext, type GuardrailOf } from './types.js';
import type { AdrOptions } from '../config/options.generated.js';

const pad = (n: number): string => String(n).padStart(4, '0');

function adrDir(ws: Workspace, g: GuardrailOf<AdrOptions>): string {
  const explicit = g.options.path;
  if (explicit !== undefined) {
    const d = explicit.replace(/\/+$/, '').replace(/^\.\/?/, '');
    if (d !== '' && !ws.files.some((f) => f.startsWith(`${d}/`))) {
      throw new ConfigError(`guardrail '${g.id}': ${explicit} holds no files (expected the folder of architecture decision records)`, {
        ...(g.keyPos.path ?? g.pos),
        hint: 'check the path: it is relative to the repository root',
      });
    }
    return d;
  }
  const found = USUAL_ADR_DIRS.find((d) => recordFiles(ws, d).length > 0);
  if (!found)
    throw new ConfigError(`guardrail '${g.id}': no architecture decision records found in ${USUAL_ADR_DIRS.join(', ')}`, {
      ...g.pos,
      hint: "set 'path' to the folder of your records (e.g. path: docs/adr)",
    });
  return found;
}

export const adr = defineKind({
  kind: 'adr',
  description:
    'Architecture decision records (MADR or Nygard) are well-formed: a title, a known status, a date, unique numbers, "superseded by" links that resolve; pull requests that change guarded paths add or cite an ADR.',
  tags: ['architecture', 'documentation'],
  schema: {
    properties: {
      path: {
        type: 'string',
        format: 'repo-glob',
        minLength: 1,
        description: `The folder of the records (numbered Markdown files like 0003-title.md). Default: the first of ${USUAL_ADR_DIRS.join(', ')} that holds records.`,
      },
      statuses: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, description: `Status words a record may have. Default: ${KNOWN_STATUSES.join(', ')}.` },
      'changes-require-adr': globs(
        'On a pull request that changes files matching these globs, the pull request must add or change a record, or cite one in its description (ADR-0007, or a link to the file).',
      ),
    },
  },
  async run(ctx, g) {
    const dir = adrDir(ctx.workspace, g);
    const records = await ctx.facts.get<AdrRecord[]>(`adr:${dir}`, () => readRecords(ctx.workspace, dir));
    const statuses = g.options.statuses ?? [...KNOWN_STATUSES];
    const findings: Finding[] = recordProblems(records, statuses).map((p) => findingOf(g, p));
    let detail = `${plural(records.length, 'record')} in ${dir || '.'}`;
    const guarded = asList(g.options['changes-require-adr']);
    if (guarded.length > 0) {
      const r = await requireAdr(ctx, g, dir, records, guarded);
      if (r.finding) findings.push(r.finding);
      detail += `; ${r.detail}`;
    }
    return { findings, detail };
  },
});

async function requireAdr(ctx: CheckContext, g: Guardrail, dir: string, records: AdrRecord[], guarded: string[]): Promise<{ finding?: Finding; detail: string }> {
  const at = g.keyPos['changes-require-adr'] ?? g.pos;
  const changes = await changedFiles(ctx);
  if (!changes.ok && changes.none) return { detail: `changes-require-adr not checked: ${changes.reason}` };
  if (!changes.ok) {
    return {
      detail: 'changed files unknown',
      finding: findingOf(g, {
        file: at.file,
        line: at.line,
        column: at.column,
        identity: 'changes-unknown',
        message: `changes-require-adr cannot be proven: ${changes.reason}.`,
        properties: { toolProblem: true },
      }),
    };
  }
  if (changes.event !== 'pull_request') return { detail: 'changes-require-adr applies to pull requests (this is a push)' };
  const isGuarded = compileMatcher(guarded);
  const touched = changes.files.filter(isGuarded);
  if (touched.length === 0) return { detail: `the pull request changes ${plural(changes.files.length, 'file')}, none guarded` };
  const recordSet = new Set(records.map((r) => r.file));
  const adrChanged = changes.files.filter((f) => recordSet.has(f));
  if (adrChanged.length > 0) return { detail: `guarded files changed; the pull request changes ${adrChanged.join(', ')}` };
  const pr = (ctx.run.event?.payload.pull_request ?? {}) as { title?: unknown; body?: unknown };
  const text = `${typeof pr.title === 'string' ? pr.title : ''}\n${typeof pr.body === 'string' ? pr.body : ''}`;
  const { cited, unknown } = citedRecords(text, records);
  if (cited.length > 0) return { detail: `guarded files changed; the description cites ${cited.map((r) => `ADR-${pad(r.number)}`).join(', ')}` };

  const place = touched.find((f) => ctx.workspace.has(f));
  const next = pad(Math.max(0, ...records.map((r) => r.number)) + 1);
  const example = [...records].sort((a, b) => b.number - a.number)[0];
  const more = touched.length > 1 ? ` and ${plural(touched.length - 1, 'more guarded file')}` : '';
  const bad = unknown.length ? ` It cites ${unknown.map((n) => `ADR-${pad(n)}`).join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} not in ${dir}.` : '';
  const cite = example ? `"Follows ADR-${pad(example.number)}" or a link to ${example.file}` : '"Follows ADR-0001"';
  const message = `This pull request changes ${touched[0]}${more} (guarded by changes-require-adr: ${guarded.join(', ')}) but adds or changes no decision record in ${dir || '.'}, and its description cites none.${bad} Record the decision as ${dir ? `${dir}/` : ''}${next}-<decision>.md, or name the decision this change follows in the pull request description, e.g. ${cite}.`;
  const where = place ? { file: place, line: 1 } : { file: at.file, line: at.line, column: at.column };
  return {
    detail: 'guarded files changed without an ADR',
    finding: findingOf(g, { ...where, identity: 'adr-required', message, properties: { changed: touched.slice(0, 50), ...(unknown.length ? { unknownCitations: unknown } : {}) } }),
  };
}
