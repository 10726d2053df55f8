import path from 'node:path';
import type { AdrRecord } from './records.js';

/**
 * Records a pull request description cites: `ADR-0003`, `ADR 3`, `adr#3`, or a link to (or the
 * name of) the record's file. Numbers that match no record are returned apart, to tell the author.
 */
export function citedRecords(text: string, records: readonly AdrRecord[]): { cited: AdrRecord[]; unknown: number[] } {
  const cited = new Set<AdrRecord>();
  const unknown = new Set<number>();
  for (const m of text.matchAll(/\bADR[-\s#_]?0*(\d{1,6})\b/gi)) {
    const n = Number(m[1]);
    const hit = records.filter((r) => r.number === n);
    if (hit.length) hit.forEach((r) => cited.add(r));
    else unknown.add(n);
  }
  for (const r of records) {
    const name = path.posix.basename(r.file);
    const stem = name.replace(/\.(md|markdown)$/i, '');
    if (text.includes(name) || (stem.length >= 8 && text.includes(stem))) cited.add(r);
  }
  return { cited: [...cited].sort((a, b) => a.number - b.number || (a.file < b.file ? -1 : 1)), unknown: [...unknown].sort((a, b) => a - b) };
}
