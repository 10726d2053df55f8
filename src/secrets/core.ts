import type { Candidate, RuleSpec, ScanItem, ScanSpec } from './types.js';
import type { Judge } from './judge.js';

/**
 * The scanner: one pass of a keyword prefilter over the text, then each rule's pattern only where
 * its keywords are — at the keyword (prefixed tokens), at the start of the name around it
 * (assignments) or in a bounded window of lines (private keys). Most bytes are seen once by the
 * prefilter and never by a rule.
 *
 * Like createJudge, this factory is shipped to worker threads as source text: it must not refer to
 * anything outside itself (no imports, no module-level values); what it needs comes in `deps`.
 */

export interface Scanner {
  scan(text: string, item: ScanItem): Candidate[];
}

export function createScanner(spec: ScanSpec, judge: Judge): Scanner {
  const CODE_FILE = /\.(?:py|pyi|js|jsx|mjs|cjs|ts|tsx|mts|cts|go|java|kt|kts|scala|rb|php|cs|swift|rs|c|cc|cpp|h|hpp|m|mm|dart|lua|groovy|vue|svelte|ex|exs|erl|clj|fs|pl|r|jl)$/i;
  const LONG_LINE = 2048;
  const WINDOW = 512;
  const rules: RuleSpec[] = spec.rules;
  const flagsOf = (r: RuleSpec, extra: string): string => [...new Set((extra + (r.flags ?? '').replace(/[gy]/g, '')).split(''))].join('');
  const global = rules.map((r) => (r.regex ? new RegExp(r.regex, flagsOf(r, 'gd')) : null));
  const sticky = rules.map((r) => (r.regex ? new RegExp(r.regex, flagsOf(r, 'yd')) : null));
  const pathRe = rules.map((r) => (r.path ? new RegExp(r.path) : null));

  // Keyword → [rule, offset of the rule's keyword inside it]; a keyword containing another one
  // triggers both rules (the prefilter reports only the longer one).
  const keywords = new Map<string, [number, number][]>();
  const anchors: { source: string; rule: number }[] = [];
  const everywhere: number[] = [];
  rules.forEach((r, i) => {
    if (!global[i]) return;
    for (const k of r.keywords) if (k) keywords.set(k.toLowerCase(), []);
    for (const a of r.anchors ?? []) anchors.push({ source: a, rule: i });
    if (r.keywords.filter(Boolean).length === 0 && (r.anchors ?? []).length === 0) everywhere.push(i);
  });
  for (const [k, list] of keywords) {
    rules.forEach((r, i) => {
      if (!global[i]) return;
      for (const kw of r.keywords) {
        const at = kw ? k.indexOf(kw.toLowerCase()) : -1;
        if (at >= 0 && !list.some(([ri]) => ri === i)) list.push([i, at]);
      }
    });
  }
  // A keyword whose every rule has a `gate` counts only where the gate follows it (`token` only
  // when an assignment follows the name it is in): prose and ordinary code never reach the rules.
  const gates = new Map<string, string>();
  for (const k of keywords.keys()) {
    const own = rules.filter((r, i) => global[i] && r.keywords.some((kw) => kw.toLowerCase() === k));
    const gate = own[0]?.gate;
    if (gate && own.every((r) => r.gate === gate)) gates.set(k, gate);
  }
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  const byLength = (a: string, b: string): number => b.length - a.length || (a < b ? -1 : 1);
  const plain = [...keywords.keys()]
    .filter((k) => !gates.has(k))
    .sort(byLength)
    .map(escape);
  const gated = [...new Set(gates.values())].map(
    (g) =>
      `(?:${[...gates]
        .filter(([, x]) => x === g)
        .map(([k]) => k)
        .sort(byLength)
        .map(escape)
        .join('|')})(?=${g})`,
  );
  // Keywords are case-insensitive; anchors (`SK` + 32 hex) are case-sensitive and searched apart,
  // which keeps both expressions simple and fast.
  const prefilter = plain.length + gated.length > 0 ? new RegExp([...plain, ...gated].join('|'), 'gi') : null;
  const anchorRe = anchors.length > 0 ? new RegExp(anchors.map((a) => `(${a.source})`).join('|'), 'g') : null;

  function lineStart(text: string, pos: number, limit: number): number {
    const stop = Math.max(0, pos - limit);
    for (let i = pos - 1; i >= stop; i--) if (text.charCodeAt(i) === 10) return i + 1;
    return stop;
  }
  function lineEnd(text: string, pos: number, limit: number): number {
    const stop = Math.min(text.length, pos + limit);
    for (let i = pos; i < stop; i++) if (text.charCodeAt(i) === 10) return i;
    return stop;
  }

  function secretGroup(r: RuleSpec, m: RegExpExecArray): number {
    if (r.secretGroup !== undefined) return m[r.secretGroup] === undefined ? -1 : r.secretGroup;
    if (r.custom) {
      // gitleaks: the first capture group that matched something, else the whole match
      for (let g = 1; g < m.length; g++) if (m[g]) return g;
      return 0;
    }
    for (let g = m.length - 1; g >= 1; g--) if (m[g] !== undefined && g !== r.nameGroup) return g;
    return 0;
  }

  function lineOf(text: string, pos: number): string {
    return text.slice(lineStart(text, pos, 4096), lineEnd(text, pos, 4096));
  }

  function allowedInline(text: string, start: number, end: number): boolean {
    const first = lineOf(text, start);
    if (first.includes('gitleaks:allow') || first.includes('guardrails:allow')) return true;
    if (end - start > 0 && text.lastIndexOf('\n', end - 1) >= start) {
      const last = lineOf(text, end - 1);
      return last.includes('gitleaks:allow') || last.includes('guardrails:allow');
    }
    return false;
  }

  interface Raw {
    rule: number;
    start: number;
    end: number;
    secret: string;
    match: string;
    entropy: number;
  }

  // Flags of judge.context (see CONTEXT in judge.ts; repeated: this function travels as source).
  const TEMPLATE = 1;
  const TEST = 2;
  const TEST_OR_DEV = 2 | 4;
  /** Rules that judge a value assigned to a name, which has no format of its own to prove it real. */
  const assignment = rules.map((r) => r.start === 'name' || r.check === 'generic' || r.check === 'db-password' || r.check === 'value');

  /**
   * Where a value sits decides how much evidence it needs: none of a template's assignments is a
   * leak; in tests, fixtures, dev containers and CI files an assigned value must be random enough
   * to be real; inside a documented example nothing is reported. Rules of a user's rules file keep
   * gitleaks' meaning and are not weighed.
   */
  function weighed(ri: number, secret: string, text: string, at: number, ctx: number, docs: () => [number, number][]): boolean {
    if (rules[ri]!.custom) return true;
    // a key file among tests or examples is a fixture (TLS tests, a sample server's key)
    if (rules[ri]!.check === 'private-key' && ctx & (TEMPLATE | TEST)) return false;
    if (assignment[ri]) {
      if (ctx & TEMPLATE) return false;
      // tests are full of short random-looking fixtures (`otxl2f5cctbprpzx`); real API keys are long
      if (ctx & TEST_OR_DEV && !judge.strong(secret, ctx & TEST ? 20 : 12)) return false;
      if (docs().some(([s, e]) => at >= s && at < e)) return false;
    }
    return !judge.inExample(text, at);
  }

  /**
   * Documentation blocks of a source file: Python docstrings (a triple-quoted string standing as a
   * statement, not one assigned) and JSDoc comments. What they assign (`access_token=h480djs93hd8`,
   * a doctest, an RFC's sample response) is an illustration.
   */
  function docBlocks(text: string, file: string): [number, number][] {
    const out: [number, number][] = [];
    if (/\.pyi?$/i.test(file)) {
      const q = /"{3}|'{3}/g;
      // where the module's code starts (after a shebang, coding line and comments)
      let codeStart = 0;
      for (const m of text.matchAll(/[^\n]*\n?/g)) {
        const l = m[0].trim();
        if (l !== '' && !l.startsWith('#')) break;
        codeStart = m.index + m[0].length;
        if (m[0] === '') break;
      }
      let open: { at: number; kind: string; doc: boolean } | null = null;
      for (let m = q.exec(text); m !== null; m = q.exec(text)) {
        if (open === null) {
          const ls = lineStart(text, m.index, 200);
          const head = text.slice(ls, m.index);
          // a docstring: a string standing alone, first in the module or right under `def …:` / `class …:`
          const above = text.slice(Math.max(0, ls - 400), ls).trimEnd();
          const first = ls <= codeStart;
          open = { at: m.index, kind: m[0], doc: /^[ \t]*[rRuUbBfF]{0,2}$/.test(head) && (first || above.endsWith(':')) };
        } else if (m[0] === open.kind) {
          if (open.doc) out.push([open.at, m.index]);
          open = null;
        }
      }
      if (open?.doc) out.push([open.at, text.length]);
    } else if (/\.(?:[cm]?[jt]sx?|java|kt|php|swift|go|rs|cs|scala|dart)$/i.test(file)) {
      for (let i = text.indexOf('/**'); i !== -1; i = text.indexOf('/**', i + 3)) {
        if (!/^[ \t]*$/.test(text.slice(lineStart(text, i, 200), i))) continue; // `'src/**/*.ts'` opens no comment
        const end = text.indexOf('*/', i + 3);
        out.push([i, end === -1 ? text.length : end]);
        if (end === -1) break;
        i = end;
      }
    }
    return out;
  }

  function judgeMatch(ri: number, m: RegExpExecArray, text: string, item: ScanItem, codeFile: boolean, out: Raw[], ctx: number, docs: () => [number, number][]): void {
    const r = rules[ri]!;
    const g = secretGroup(r, m);
    if (g < 0) return;
    const secret = m[g]!;
    const [start, end] = m.indices![g]!;
    if (start >= item.reportBefore || secret.length === 0) return;
    if (judge.isDocumentedExample(secret)) return;
    if (r.entropy !== undefined && judge.entropy(secret) < r.entropy) return;
    switch (r.check) {
      case 'github-checksum':
        if (!judge.githubChecksum(secret)) return;
        break;
      case 'jwt':
        if (!judge.jwt(secret)) return;
        break;
      case 'value':
        if (!judge.value(secret)) return;
        break;
      case 'private-key':
        if (!judge.privateKey(secret)) return;
        break;
      case 'db-password':
        if (!judge.urlPassword(r.nameGroup ? (m[r.nameGroup] ?? '') : '', secret, m[0])) return;
        break;
      case 'generic': {
        const name = r.nameGroup ? (m[r.nameGroup] ?? '') : '';
        const quoted = g !== m.length - 1 || r.nameGroup === undefined;
        const before = text.slice(lineStart(text, m.index, 200), m.index);
        const after = text.slice(end, end + 2).replace(/^["'\x60]/, '');
        const nameEnd = r.nameGroup ? m.indices![r.nameGroup]![1] : start;
        const op = text.slice(nameEnd, start).replace(/["'\x60\]]/g, '');
        if (!judge.generic(name, secret, quoted || /["'\x60]/.test(text[start - 1] ?? ''), codeFile, before, after, op)) return;
        break;
      }
      default:
        if (!r.custom && r.check === undefined && judge.isPlaceholder(secret.slice(r.prefix ?? 0))) return;
    }
    if (!weighed(ri, secret, text, Math.min(m.index, start), ctx, docs)) return;
    if (allowedInline(text, m.index, m.index + m[0].length)) return;
    out.push({ rule: ri, start, end, secret, match: m[0].length > 500 ? m[0].slice(0, 500) : m[0], entropy: judge.entropy(secret) });
  }

  const anyPath = pathRe.some(Boolean);
  const allActive = rules.map((_, i) => global[i] !== null);
  const isNameChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;

  function scan(text: string, item: ScanItem): Candidate[] {
    const active = anyPath ? rules.map((_, i) => allActive[i]! && (!pathRe[i] || pathRe[i]!.test(item.file))) : allActive;
    const codeFile = CODE_FILE.test(item.file);
    const ctx = judge.context(item.file);
    let blocks: [number, number][] | undefined;
    const docs = (): [number, number][] => (blocks ??= docBlocks(text, item.file));
    // Per rule, allocated on its first keyword: where to try it (keyword/name) or which windows to search.
    const at = new Map<number, Set<number>>();
    const windows = new Map<number, [number, number][]>();
    const whole = new Set<number>(everywhere.filter((i) => active[i]));
    const hit = (ri: number, pos: number): void => {
      if (!active[ri]) return;
      const r = rules[ri]!;
      if (r.custom) whole.add(ri);
      else if (r.start === 'keyword' || r.start === 'name') {
        let s = pos;
        if (r.start === 'name') while (s > 0 && pos - s < 60 && isNameChar(text.charCodeAt(s - 1))) s--;
        let set = at.get(ri);
        if (!set) at.set(ri, (set = new Set()));
        set.add(s);
      } else {
        const ws = lineStart(text, pos, WINDOW);
        const we = r.multiline ? Math.min(text.length, pos + r.multiline) : lineEnd(text, pos, pos - ws > LONG_LINE ? WINDOW : LONG_LINE);
        let list = windows.get(ri);
        if (!list) windows.set(ri, (list = []));
        list.push([ws, we]);
      }
    };
    let m: RegExpExecArray | null;
    if (prefilter) {
      prefilter.lastIndex = 0;
      while ((m = prefilter.exec(text)) !== null) for (const [ri, off] of keywords.get(m[0].toLowerCase()) ?? []) hit(ri, m.index + off);
    }
    if (anchorRe) {
      anchorRe.lastIndex = 0;
      while ((m = anchorRe.exec(text)) !== null) {
        for (let a = 0; a < anchors.length; a++) if (m[a + 1] !== undefined) hit(anchors[a]!.rule, m.index);
        if (m[0].length === 0) anchorRe.lastIndex++;
      }
    }
    for (const ri of whole) {
      windows.set(ri, [[0, text.length]]);
      at.delete(ri);
    }
    const raw: Raw[] = [];
    for (const ri of [...new Set([...at.keys(), ...windows.keys()])].sort((a, b) => a - b)) {
      const re = sticky[ri]!;
      for (const pos of at.get(ri) ?? []) {
        re.lastIndex = pos;
        const m = re.exec(text);
        if (m) judgeMatch(ri, m, text, item, codeFile, raw, ctx, docs);
      }
      const ws = (windows.get(ri) ?? []).sort((a, b) => a[0] - b[0]);
      let i = 0;
      while (i < ws.length) {
        let [s, e] = ws[i]!;
        while (++i < ws.length && ws[i]![0] <= e) e = Math.max(e, ws[i]![1]);
        const g = global[ri]!;
        const slice = s === 0 && e === text.length ? text : text.slice(s, e);
        g.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = g.exec(slice)) !== null) {
          if (m[0].length === 0) g.lastIndex++;
          if (s !== 0) {
            m.index += s;
            for (const ind of m.indices!) if (ind) (ind[0] += s), (ind[1] += s);
          }
          judgeMatch(ri, m, text, item, codeFile, raw, ctx, docs);
        }
      }
    }
    return locate(text, item, dedupe(raw));
  }

  /** Two rules matching the same text: the specific one (lower rank) wins; the same secret twice: once. */
  function dedupe(raw: Raw[]): Raw[] {
    raw.sort((a, b) => a.start - b.start || (rules[a.rule]!.rank ?? 10) - (rules[b.rule]!.rank ?? 10));
    const kept: Raw[] = [];
    for (const c of raw) {
      const prev = kept[kept.length - 1];
      if (prev && c.start < prev.end) {
        if ((rules[c.rule]!.rank ?? 10) < (rules[prev.rule]!.rank ?? 10)) kept[kept.length - 1] = c;
        continue;
      }
      kept.push(c);
    }
    return kept;
  }

  function locate(text: string, item: ScanItem, raw: Raw[]): Candidate[] {
    const out: Candidate[] = [];
    let line = 1;
    let lineAt = 0;
    let scanned = 0;
    const advance = (pos: number): void => {
      for (let i = text.indexOf('\n', scanned); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) {
        line++;
        lineAt = i + 1;
      }
      scanned = Math.max(scanned, pos);
    };
    for (const c of raw) {
      advance(c.start);
      const startLine = line;
      const column = c.start - lineAt + 1 + (startLine === 1 ? item.columnBase : 0);
      const lineText = spec.wantLine ? lineOf(text, c.start).slice(0, 1000) : undefined;
      const nl = c.secret.lastIndexOf('\n');
      const endLine = startLine + (nl === -1 ? 0 : c.secret.split('\n').length - 1);
      const endColumn = nl === -1 ? column + c.secret.length : c.secret.length - nl;
      out.push({
        rule: c.rule,
        line: startLine + item.lineBase,
        column,
        endLine: endLine + item.lineBase,
        endColumn,
        secret: c.secret,
        match: c.match,
        entropy: Math.round(c.entropy * 100) / 100,
        ...(lineText !== undefined ? { lineText } : {}),
      });
    }
    return out;
  }

  return { scan };
}
