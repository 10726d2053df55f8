/**
 * What the Action does after the report is written, on GitHub: the sticky pull-request comment
 * (comment: true) and, in mode: drift, the drift report (job summary, Markdown file) and the drift
 * issue. Returns messages for the door to print and outputs to set; never throws for an API failure.
 */
import { todayOf } from '../baseline/dates.js';
import { GITHUB_BODY_LIMIT, toDriftReport, type MapDriftPart } from '../report/drift.js';
import type { LinkContext } from '../report/links.js';
import { writeAll } from '../report/write.js';
import { toPrComment } from '../report/pr-comment.js';
import type { Report } from '../types.js';
import { commentMarker, upsertStickyComment } from './comment.js';
import { issueMarker, syncDriftIssue } from './issue.js';

/** Characters of the drift report in the job summary (4 bytes each at most: under half of 1 MiB). */
const DRIFT_SUMMARY_CHARS = 120_000;

export interface FeedbackMessage {
  level: 'info' | 'notice' | 'warning';
  text: string;
}

export interface FeedbackInput {
  report: Report;
  drift: boolean;
  comment: boolean;
  token: string;
  env: NodeJS.ProcessEnv;
  eventName?: string;
  payload?: Record<string, unknown>;
  category: string;
  links: LinkContext;
  /** Where the drift report's Markdown is written (mode: drift). */
  driftFile: string;
  /** The intelligence map compared with the code (mode: drift). */
  map?: MapDriftPart;
}

export interface Feedback {
  messages: FeedbackMessage[];
  /** Step outputs: `map-drift`, and `drift-report` in mode: drift. */
  outputs: Record<string, string>;
}

export async function feedback(input: FeedbackInput): Promise<Feedback> {
  const messages: FeedbackMessage[] = [];
  const outputs: Record<string, string> = {};
  const runUrl = runUrlOf(input.env);
  if (input.drift) {
    const date = todayOf(input.env);
    const full = toDriftReport(input.report, { links: input.links, ...(input.map ? { map: input.map } : {}), date, ...(runUrl ? { runUrl } : {}) });
    // The summary holds at most 1 MiB: the check's part takes half, the drift report at most the other half.
    const fits = Buffer.byteLength(full.markdown) <= DRIFT_SUMMARY_CHARS;
    const forSummary = fits ? full : toDriftReport(input.report, { links: input.links, ...(input.map ? { map: input.map } : {}), date, ...(runUrl ? { runUrl } : {}), maxChars: DRIFT_SUMMARY_CHARS });
    if (!fits && input.env.GITHUB_STEP_SUMMARY)
      messages.push({ level: 'info', text: `The drift report in the job summary was shortened to fit GitHub's 1 MiB limit; ${input.driftFile} has it whole.` });
    // Beside the report (its folder was fenced by the door); a link planted at the name is replaced, never written through.
    await writeAll([
      { path: input.driftFile, content: full.markdown, what: 'drift report' },
      ...(input.env.GITHUB_STEP_SUMMARY ? [{ path: input.env.GITHUB_STEP_SUMMARY, content: `\n${forSummary.markdown}`, append: true }] : []),
    ]);
    outputs['map-drift'] = String(full.mapChanged);
    messages.push({ level: 'info', text: `Drift: ${full.drift === 0 ? 'none' : full.title.replace(/^Architecture drift: /, '')} — report written to ${input.driftFile}` });
    const marker = issueMarker(input.category);
    const issueBody = toDriftReport(input.report, {
      links: input.links,
      ...(input.map ? { map: input.map } : {}),
      date,
      ...(runUrl ? { runUrl } : {}),
      maxChars: GITHUB_BODY_LIMIT - marker.length - 100,
    });
    const issue = await syncDriftIssue({ token: input.token, env: input.env, marker, title: issueBody.title, body: issueBody.markdown, drift: full.drift });
    messages.push(issueMessage(issue));
  }
  if (input.comment) {
    const c = await upsertStickyComment({
      token: input.token,
      env: input.env,
      ...(input.eventName ? { eventName: input.eventName } : {}),
      ...(input.payload ? { payload: input.payload } : {}),
      marker: commentMarker(input.category),
      body: toPrComment(input.report, { links: input.links, ...(runUrl ? { runUrl } : {}) }),
    });
    if (c.action === 'skipped') messages.push({ level: 'notice', text: `Pull request comment skipped: ${c.reason}` });
    else if (c.action === 'failed') messages.push({ level: 'warning', text: `Pull request comment could not be posted: ${c.reason}` });
    else messages.push({ level: 'info', text: `Pull request comment ${c.action}${c.url ? `: ${c.url}` : ''}` });
  }
  return { messages, outputs };
}

function issueMessage(i: Awaited<ReturnType<typeof syncDriftIssue>>): FeedbackMessage {
  switch (i.action) {
    case 'skipped':
      return { level: 'notice', text: `Drift issue skipped: ${i.reason}` };
    case 'failed':
      return { level: 'warning', text: `Drift issue could not be updated: ${i.reason}` };
    case 'none':
      return { level: 'info', text: 'No drift and no open drift issue.' };
    default:
      return { level: 'info', text: `Drift issue #${i.number} ${i.action}${i.url ? `: ${i.url}` : ''}` };
  }
}

export function runUrlOf(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return undefined;
  return `${(env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/$/, '')}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
}
