/**
 * Fenced code blocks of the documentation and the `<!-- example: … -->` comments that say how
 * each one is run by __tests__/docs/examples.test.ts. The convention (docs/README.md, "Writing docs"):
 *
 *   <!-- example: KIND [name=value …] [flag …]
 *   finds: RULE FILE:LINE
 *   -->
 *   ```yaml
 *   …
 *   ```
 *
 * The comment is the last non-blank line before the opening fence.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const REPO = path.resolve(new URL('../..', import.meta.url).pathname);

export interface Annotation {
  kind: string;
  options: Record<string, string | true>;
  /** `finds:` lines, as written (`RULE FILE:LINE`, or `none`). */
  finds: string[];
  line: number;
}

export interface Block {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  body: string;
  annotation?: Annotation;
  /** The next fenced block of the file (the expected output of an `error` or a `cli` example). */
  next?: Block;
}

/** README.md and every Markdown file under docs/, repo-relative. */
export function docFiles(): string[] {
  let docs: string[] = [];
  try {
    docs = readdirSync(path.join(REPO, 'docs'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f.split(path.sep).join('/')}`);
  } catch {
    // no docs/ yet
  }
  return ['README.md', ...docs.sort()];
}

export function readDoc(file: string): string {
  return readFileSync(path.join(REPO, file), 'utf8');
}

/** Every fenced block of a Markdown text, with its annotation; throws on an annotation that annotates nothing. */
export function blocksOf(file: string, text: string): Block[] {
  const lines = text.split('\n');
  const out: Block[] = [];
  let pending: Annotation | undefined;
  let pendingEnd = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const open = /^( {0,3})(`{3,}|~{3,})\s*([\w+-]*)/.exec(line);
    if (open) {
      const [, indent, fence, lang] = open;
      const body: string[] = [];
      let j = i + 1;
      while (j < lines.length && !new RegExp(`^ {0,3}${fence![0] === '`' ? '`' : '~'}{${fence!.length},}\\s*$`).test(lines[j]!)) {
        body.push(lines[j]!.startsWith(indent!) ? lines[j]!.slice(indent!.length) : lines[j]!.trimStart());
        j++;
      }
      const annotated = pending && lines.slice(pendingEnd + 1, i).every((l) => l.trim() === '');
      const block: Block = { file, line: i + 1, lang: lang!.toLowerCase(), body: body.length ? `${body.join('\n')}\n` : '', ...(annotated ? { annotation: pending } : {}) };
      if (pending && !annotated) throw new Error(`${file}:${pending.line}: an example comment must come right before its fenced block`);
      pending = undefined;
      if (out.length) out[out.length - 1]!.next = block;
      out.push(block);
      i = j;
      continue;
    }
    if (/^<!--\s*example:/.test(line)) {
      if (pending) throw new Error(`${file}:${pending.line}: an example comment must come right before its fenced block`);
      let j = i;
      while (j < lines.length && !lines[j]!.includes('-->')) j++;
      const text = lines
        .slice(i, j + 1)
        .join('\n')
        .replace(/^<!--\s*example:\s*/, '')
        .replace(/\s*-->\s*$/, '');
      pending = parseAnnotation(text, i + 1, file);
      pendingEnd = j;
      i = j;
    }
  }
  if (pending) throw new Error(`${file}:${pending.line}: an example comment with no fenced block after it`);
  return out;
}

function parseAnnotation(text: string, line: number, file: string): Annotation {
  const [head = '', ...rest] = text.split('\n');
  const words = head.match(/\S+="[^"]*"|\S+/g) ?? [];
  const [kind, ...opts] = words;
  if (!kind) throw new Error(`${file}:${line}: an example comment names no kind`);
  const options: Record<string, string | true> = {};
  for (const o of opts) {
    const eq = o.indexOf('=');
    if (eq === -1) options[o] = true;
    else options[o.slice(0, eq)] = o.slice(eq + 1).replace(/^"|"$/g, '');
  }
  const finds: string[] = [];
  for (const l of rest.map((x) => x.trim()).filter(Boolean)) {
    const m = /^finds:\s*(.+)$/.exec(l);
    if (!m) throw new Error(`${file}:${line}: in an example comment, every line after the first is 'finds: RULE FILE:LINE' (got '${l}')`);
    finds.push(m[1]!.trim());
  }
  return { kind, options, finds, line };
}
