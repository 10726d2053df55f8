import path from 'node:path';
import type { Workspace } from '../workspace/workspace.js';
import { cmp } from '../util/text.js';
import { isIsoDate, parseAdr, recordNumber, statusWord, type AdrDoc } from './parse.js';
import { maxOf } from '../util/array.js';

export const KNOWN_STATUSES = ['proposed', 'accepted', 'rejected', 'deprecated', 'superseded'] as const;

/** Where ADRs usually live, tried in order when `path` is not given. */
export const USUAL_ADR_DIRS = ['docs/adr', 'doc/adr', 'docs/decisions', 'docs/architecture/decisions', 'adr', 'decisions'];

/** What is wrong with a record, before it becomes a finding. */
export interface Problem {
  file: string;
  line: number;
  message: string;
  identity: string;
}

export interface AdrRecord extends AdrDoc {
  file: string;
  number: number;
}

/** Numbered Markdown files under `dir` (nested folders too); templates and READMEs are not records. */
export function recordFiles(ws: Workspace, dir: string): string[] {
  const base = dir.replace(/\/+$/, '').replace(/^\.\/?/, '');
  return ws
    .select([base ? `${base}/**/*.{md,markdown}` : '**/*.{md,markdown}'])
    .filter((f) => {
      const name = path.posix.basename(f);
      return recordNumber(name) !== null && !/template/i.test(name);
    })
    .sort(cmp);
}

export async function readRecords(ws: Workspace, dir: string): Promise<AdrRecord[]> {
  const out: AdrRecord[] = [];
  for (const file of recordFiles(ws, dir)) {
    const text = await ws.readText(file);
    if (text === null) continue;
    out.push({ ...parseAdr(text), file, number: recordNumber(path.posix.basename(file))! });
  }
  return out;
}

const pad = (n: number): string => String(n).padStart(4, '0');

/** The record a "superseded by" text points at, or why it points nowhere. */
function supersedingTarget(rec: AdrRecord, text: string, records: AdrRecord[]): AdrRecord | string {
  const link = /\[[^\]]*\]\(\s*<?([^)\s>]+)>?[^)]*\)/.exec(text);
  if (link) {
    const href = decodeURIComponent(link[1]!.replace(/[?#].*$/, ''));
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) {
      const name = path.posix.basename(href);
      return records.find((r) => path.posix.basename(r.file) === name) ?? `the link ${link[1]} names no record of this folder`;
    }
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(rec.file), href));
    return records.find((r) => r.file === target) ?? `the link ${link[1]} points at ${target}, which does not exist`;
  }
  const num = /(?:adr[-\s#]*|#|^)0*(\d+)\b/i.exec(text.trim());
  if (num) {
    const n = Number(num[1]);
    return records.find((r) => r.number === n) ?? `there is no record number ${pad(n)}`;
  }
  const name = path.posix.basename(text.trim());
  return records.find((r) => path.posix.basename(r.file) === name) ?? `"${text}" names no record (write "Superseded by ADR-0007" or link the record's file)`;
}

/** Everything wrong with the records of a folder, each at its line. */
export function recordProblems(records: AdrRecord[], statuses: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const known = statuses.map((s) => s.toLowerCase());
  const byNumber = new Map<number, AdrRecord>();
  for (const r of records) {
    const name = `ADR ${pad(r.number)}${r.title ? ` (${r.title.text})` : ''}`;
    const first = byNumber.get(r.number);
    if (first) {
      problems.push({
        file: r.file,
        line: 1,
        identity: `duplicate-number:${r.number}`,
        message: `${r.file} has number ${pad(r.number)}, which ${first.file} already has: references like ADR-${pad(r.number)} become ambiguous. Renumber this record (the next free number is ${pad(maxOf(records.map((x) => x.number)) + 1)}).`,
      });
    } else byNumber.set(r.number, r);
    if (!r.title) {
      problems.push({ file: r.file, line: 1, identity: 'no-title', message: `ADR ${pad(r.number)} has no title: start the record with a \`# <decision>\` heading.` });
    }
    if (!r.status) {
      problems.push({
        file: r.file,
        line: r.title?.line ?? 1,
        identity: 'no-status',
        message: `${name} has no status, so it cannot be told apart from a proposal. Add a \`## Status\` section (Nygard) or \`status:\` in the front matter (MADR) with one of: ${known.join(', ')}.`,
      });
    } else {
      const word = statusWord(r.status.text);
      if (!known.includes(word)) {
        problems.push({
          file: r.file,
          line: r.status.line,
          identity: `unknown-status:${word}`,
          message: `${name} has the status "${r.status.text}", which is none of: ${known.join(', ')}. Use one of them${word === 'superseded' ? '' : ' (e.g. "Superseded by ADR-0007")'}.`,
        });
      } else if (word === 'superseded') {
        if (!r.supersededBy) {
          problems.push({
            file: r.file,
            line: r.status.line,
            identity: 'superseded-by-nothing',
            message: `${name} is superseded, but the status does not say by which record: write "Superseded by ADR-0007" or link the record's file.`,
          });
        } else {
          const target = supersedingTarget(r, r.supersededBy.text, records);
          if (typeof target === 'string') {
            problems.push({
              file: r.file,
              line: r.supersededBy.line,
              identity: `superseded-by-missing:${r.supersededBy.text}`,
              message: `${name} is superseded by "${r.supersededBy.text}", but ${target}. Point it at an existing record.`,
            });
          } else if (target === r) {
            problems.push({ file: r.file, line: r.supersededBy.line, identity: 'superseded-by-itself', message: `${name} says it is superseded by itself. Point it at the record that replaced it.` });
          }
        }
      }
    }
    if (!r.date) {
      problems.push({
        file: r.file,
        line: r.title?.line ?? 1,
        identity: 'no-date',
        message: `${name} has no date: add \`Date: YYYY-MM-DD\` under the title (Nygard) or \`date: YYYY-MM-DD\` in the front matter (MADR).`,
      });
    } else if (!isIsoDate(r.date.text)) {
      problems.push({ file: r.file, line: r.date.line, identity: 'bad-date', message: `${name} has the date "${r.date.text}", which is not an ISO date: write it as YYYY-MM-DD.` });
    }
  }
  return problems;
}
