import { plural } from '../util/text.js';
import type { SloResult, SloRun } from './run.js';
import { mdText } from '../util/markdown.js';

interface Row {
  slo: SloResult;
  objective: string;
  target: string;
  observed: string;
  ok: boolean;
}

function rows(run: SloRun): Row[] {
  const out: Row[] = [];
  for (const r of run.results) {
    if (!r.measured) {
      out.push({ slo: r, objective: 'not measured (nothing to probe)', target: '', observed: '', ok: true });
      continue;
    }
    for (const [key, target] of Object.entries(r.target)) {
      const obs = r.observed[key] ?? null;
      if (key === 'availability') {
        out.push({ slo: r, objective: 'availability', target: `≥ ${target}%`, observed: obs === null ? '—' : `${obs}%`, ok: obs !== null && obs >= target });
      } else if (key.startsWith('gauge:')) {
        const [, json, bound] = /^gauge:(.*):(max|min)$/.exec(key)!;
        out.push({
          slo: r,
          objective: json!,
          target: `${bound === 'max' ? '≤' : '≥'} ${target}`,
          observed: obs === null ? '—' : String(obs),
          ok: obs !== null && (bound === 'max' ? obs <= target : obs >= target),
        });
      } else {
        out.push({ slo: r, objective: `${key} latency`, target: `≤ ${target} ms`, observed: obs === null ? '—' : `${obs} ms`, ok: obs !== null && obs <= target });
      }
    }
  }
  return out;
}

function headline(run: SloRun): string {
  const measured = run.results.filter((r) => r.measured).length;
  return run.breached.length ? `${run.breached.length} of ${plural(measured, 'SLO')} breached` : `${plural(measured, 'SLO')} met`;
}

/** The terminal report: one line per objective, observed against target. */
export function sloText(run: SloRun): string {
  const lines = [`SLOs of ${run.file} against ${run.baseUrl}: ${headline(run)} (${plural(run.requests, 'request')}, ${(run.durationMs / 1000).toFixed(1)} s)`, ''];
  const rs = rows(run);
  const w = Math.max(...rs.map((r) => r.slo.id.length), 3);
  const wo = Math.max(...rs.map((r) => r.objective.length), 9);
  let last = '';
  for (const r of rs) {
    const id = r.slo.id === last ? ''.padEnd(w) : r.slo.id.padEnd(w);
    last = r.slo.id;
    lines.push(`  ${r.ok ? '✔' : '✖'} ${id}  ${r.objective.padEnd(wo)}  ${r.observed.padStart(10)}  target ${r.target}`.trimEnd());
  }
  const failures = run.results.filter((r) => Object.keys(r.failures).length);
  if (failures.length) {
    lines.push('', 'failed requests:');
    for (const r of failures)
      lines.push(
        `  ${r.id}: ${Object.entries(r.failures)
          .map(([k, n]) => `${n} × ${k}`)
          .join(', ')}`,
      );
  }
  return `${lines.join('\n')}\n`;
}

/** The job summary section (mode: slo). */
export function sloMarkdown(run: SloRun): string {
  const out = [
    `## ${run.breached.length ? '❌' : '✅'} SLOs: ${headline(run)}`,
    '',
    `<sub>${esc(run.baseUrl)} · ${plural(run.requests, 'request')} · ${(run.durationMs / 1000).toFixed(1)} s · <code>${esc(run.file)}</code></sub>`,
    '',
  ];
  out.push('| | SLO | Objective | Target | Observed |', '|:-:|---|---|--:|--:|');
  for (const r of rows(run))
    out.push(`| ${r.ok ? '✅' : '❌'} | <code>${esc(r.slo.id)}</code>${r.slo.title ? ` ${esc(r.slo.title)}` : ''} | ${esc(r.objective)} | ${esc(r.target)} | ${esc(r.observed)} |`);
  const failures = run.results.filter((r) => Object.keys(r.failures).length);
  if (failures.length) {
    out.push('', '<details><summary>Failed requests</summary>', '');
    for (const r of failures)
      out.push(
        `- <code>${esc(r.id)}</code>: ${Object.entries(r.failures)
          .map(([k, n]) => `${n} × ${esc(k)}`)
          .join(', ')}`,
      );
    out.push('', '</details>');
  }
  return `${out.join('\n')}\n`;
}

/** `--json`: per SLO its id, target, observed and breached (and what was breached, and failures). */
export function sloJson(run: SloRun): string {
  return `${JSON.stringify({ reportVersion: 1, baseUrl: run.baseUrl, file: run.file, breached: run.breached, requests: run.requests, slos: run.results }, null, 2)}\n`;
}

/** Text of the SLO file or the service in a table cell: literal, nothing live (src/util/markdown.ts). */
const esc = mdText;
