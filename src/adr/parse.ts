import { parse as parseYaml } from 'yaml';

/** A value read from a record, with the line it is on (1-based). */
export interface At {
  text: string;
  line: number;
}

/** What an architecture decision record says about itself. */
export interface AdrDoc {
  /** `madr` when the status or date comes from YAML front matter (MADR 3+), else `nygard` for a `## Status` section, `bullets` for MADR 2's `* Status:` lines. */
  form: 'madr' | 'nygard' | 'bullets' | 'unknown';
  title?: At;
  /** The status as written (its first line), e.g. "Superseded by [5. Use Kafka](0005-use-kafka.md)". */
  status?: At;
  date?: At;
  /** The text after "superseded by", when the status says so. */
  supersededBy?: At;
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;

/** Strip Markdown emphasis and surrounding quotes from a one-line value. */
function clean(s: string): string {
  return s.replace(/^[*_`"'\s]+|[*_`"'\s]+$/g, '').trim();
}

/**
 * Read a record in MADR form (front matter `status:` / `date:`, title in the first `#` heading),
 * MADR 2 form (`* Status: accepted`, `* Date: …` under the title) or Nygard form (`Date: …` under
 * the title, the status in a `## Status` section, "Superseded by [n. …](….md)").
 */
export function parseAdr(text: string): AdrDoc {
  const lines = text.split(/\r?\n/);
  const doc: AdrDoc = { form: 'unknown' };
  let i = 0;
  // Front matter
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, j) => j > 0 && /^(---|\.\.\.)\s*$/.test(l));
    if (end > 0) {
      let data: Record<string, unknown> = {};
      try {
        const parsed = parseYaml(lines.slice(1, end).join('\n')) as unknown;
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
      } catch {
        // unreadable front matter: fall back to the body
      }
      const lineOf = (key: string): number => {
        const j = lines.slice(1, end).findIndex((l) => new RegExp(`^${key}\\s*:`, 'i').test(l));
        return j < 0 ? 1 : j + 2;
      };
      const value = (key: string): string | undefined => {
        const k = Object.keys(data).find((x) => x.toLowerCase() === key);
        const v = k === undefined ? undefined : data[k];
        if (v === null || v === undefined) return undefined;
        return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim();
      };
      const status = value('status');
      const date = value('date');
      const title = value('title');
      if (status) doc.status = { text: status, line: lineOf('status') };
      if (date) doc.date = { text: date, line: lineOf('date') };
      if (title) doc.title = { text: title, line: lineOf('title') };
      if (status || date) doc.form = 'madr';
      i = end + 1;
    }
  }
  let section: string | null = null; // the current `##` heading, lower-cased
  let sawSection = false;
  for (; i < lines.length; i++) {
    const raw = lines[i]!;
    const h = HEADING.exec(raw);
    if (h) {
      const level = h[1]!.length;
      const name = clean(h[2]!);
      if (level === 1 && !doc.title) doc.title = { text: name, line: i + 1 };
      if (level >= 2) {
        section = name.toLowerCase().replace(/:$/, '');
        sawSection = true;
        // `## Status: Accepted` on the heading itself
        const inline = /^status\s*:\s*(.+)$/i.exec(name);
        if (inline && !doc.status) {
          doc.status = { text: clean(inline[1]!), line: i + 1 };
          if (doc.form === 'unknown') doc.form = 'nygard';
        }
      }
      continue;
    }
    const t = raw.trim();
    if (t === '') continue;
    if (section === 'status') {
      if (!doc.status) {
        doc.status = { text: clean(t.replace(/^[*-]\s+/, '')), line: i + 1 };
        if (doc.form === 'unknown') doc.form = 'nygard';
      } else if (!doc.supersededBy) {
        const later = /superseded\s+by\b\s*:?\s*(.+)$/i.exec(t);
        if (later && /^superseded\b/i.test(doc.status.text)) doc.supersededBy = { text: later[1]!.trim(), line: i + 1 };
      }
      continue;
    }
    if (section === 'date' && !doc.date) {
      doc.date = { text: clean(t), line: i + 1 };
      continue;
    }
    if (sawSection) continue;
    // Lines under the title: `Date: …`, `* Status: …`, `**Status:** …`
    const kv = /^(?:[*-]\s+)?\**\s*(status|date)\s*\**\s*:\s*\**\s*(.+)$/i.exec(t);
    if (kv) {
      const key = kv[1]!.toLowerCase() as 'status' | 'date';
      if (!doc[key]) {
        doc[key] = { text: clean(kv[2]!), line: i + 1 };
        if (key === 'status' && doc.form === 'unknown') doc.form = /^[*-]\s/.test(t) ? 'bullets' : 'nygard';
      }
    }
  }
  if (doc.status && !doc.supersededBy) {
    const m = /superseded\s+by\b\s*:?\s*(.*)$/i.exec(doc.status.text);
    if (m && m[1]!.trim()) doc.supersededBy = { text: m[1]!.trim(), line: doc.status.line };
  }
  if (doc.form === 'unknown' && doc.date) doc.form = 'nygard';
  return doc;
}

/** The status word of a status text: "Superseded by …" → superseded, "**Accepted**" → accepted. */
export function statusWord(status: string): string {
  const m = /[A-Za-z][A-Za-z-]*/.exec(status.replace(/~~[^~]*~~/g, ''));
  return m ? m[0].toLowerCase() : '';
}

/** A record's number from its file name: `0003-split-main.md`, `ADR-003_x.md`, `12. title.md`. */
export function recordNumber(basename: string): number | null {
  const m = /^(?:adr[-_ ]?)?(\d+)[-_. ](.*)$/i.exec(basename);
  if (!m || /^(md|markdown)$/i.test(m[2]!)) return null; // `2024.md` is no numbered record
  return Number(m[1]);
}

/** True when a date is written as an ISO calendar date (YYYY-MM-DD, time allowed after it). */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])/.exec(text.trim());
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}
