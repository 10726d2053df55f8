/**
 * Repository text in Markdown (job summary, pull-request comment, drift issue). Everything a pull
 * request controls — file names, matched lines, titles, rationales, audit references, command
 * output — goes through one of these functions, so it shows as written and nothing in it becomes
 * live: no image (a tracking pixel), no link, no raw HTML, no `@mention` or `#123` cross-reference
 * (GitHub notifies people and other issues from those), no closed code span or fence, no table
 * pipe that opens a cell.
 *
 * Mentions and references are found by GitHub in the rendered text, where Markdown escapes are
 * already gone, so they are broken with an invisible U+2060 WORD JOINER after `@` / `#` and
 * before `://` of a bare URL (GFM autolinks those): the text reads the same.
 */

const WJ = '\u2060';

/** Break `@user`, `@org/team`, `#123`, `GH-123`, `owner/repo#123`, bare `scheme://` and `www.` so GitHub links none of them. */
export function unlink(s: string): string {
  return s
    .replace(/@/g, `@${WJ}`)
    .replace(/#(?=\d)/g, `#${WJ}`)
    .replace(/\b(GH)-(?=\d)/gi, `$1${WJ}-`)
    .replace(/:\/\//g, `${WJ}://`)
    .replace(/\b(www)\./gi, `$1${WJ}.`);
}

/** Text inside raw HTML (a `<summary>` line, an HTML block): entities, and nothing links. */
export function htmlText(s: string): string {
  return unlink(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r?\n|\r/g, ' ');
}

/**
 * Inline text shown literally, safe in a table cell: `& < > [ ]` as entities (brackets too: some
 * renderers re-read backslash escapes inside link text), Markdown punctuation backslash-escaped
 * (`\ ` * ~ |`, and `_` unless inside a word: no emphasis, code span, link or image can start,
 * no cell can open), line breaks
 * as `<br>`, and nothing links.
 */
export function mdText(s: string): string {
  // unlink first: the entities made after it hold `#9…`, which it must not break.
  return (
    unlink(s)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*~|]/g, '\\$&')
      // `_` inside a word (snake_case) can neither open nor close emphasis: left as written.
      .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
      .replace(/\[/g, '&#91;')
      .replace(/\]/g, '&#93;')
      .replace(/\r?\n|\r/g, '<br>')
  );
}

/**
 * A code span around any text: the fence is one backtick longer than the longest run inside, so
 * nothing inside closes it. One line (line breaks become spaces). In a table cell (`cell`, the
 * default) pipes are escaped the GFM way, and a backslash before a pipe is kept from escaping it.
 */
export function codeSpan(s: string, opts: { cell?: boolean } = {}): string {
  let body = s.replace(/\r?\n|\r/g, ' ');
  if (opts.cell ?? true) body = body.replace(/\\(?=\|)/g, `\\${WJ}`).replace(/\|/g, '\\|');
  const longest = maxRun(body, '`');
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || (body.startsWith(' ') && body.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${body || ' '}${pad}${fence}`;
}

/** A fenced code block around any text: the fence is longer than any backtick run inside. */
export function codeBlock(s: string, info = 'text'): string {
  const body = s.replace(/\r\n?/g, '\n').replace(/\n$/, '');
  const fence = '`'.repeat(Math.max(3, maxRun(body, '`') + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

/**
 * A URL safe as a Markdown link destination, or undefined when it is not http(s): characters
 * that could end the destination or the link (space, `( ) < > [ ] " ' \` |` and controls) are
 * percent-encoded.
 */
export function mdUrl(url: string): string | undefined {
  if (!/^https?:\/\/[^\s/]/i.test(url)) return undefined;
  return url.replace(/[\s()<>[\]"'`\\|\u0000-\u001f\u007f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `[text](url)` with both made safe, or the text as a code span when the URL is not a web link. */
export function mdLink(text: string, url: string | undefined, opts: { cell?: boolean } = {}): string {
  const safe = url === undefined ? undefined : mdUrl(url);
  return safe ? `[${mdText(text)}](${safe})` : codeSpan(text, opts);
}

/**
 * Free text that quotes code between backticks (a finding's message, a title, a rationale): the
 * quoted parts as code spans, the rest literal. Whoever wrote the text decides only where the
 * spans are, never what becomes live: a backtick inside a quoted match just moves the boundary.
 */
export function prose(s: string, opts: { cell?: boolean } = {}): string {
  return s
    .split(/(`[^`\r\n]+`)/)
    .map((part, i) => (i % 2 === 1 ? codeSpan(part.slice(1, -1), opts) : mdText(part)))
    .join('');
}

function maxRun(s: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of s) {
    run = c === ch ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/** At most `max` characters (not splitting a surrogate pair), with `…` when cut. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(s[end - 1] ?? '')) end--;
  return `${s.slice(0, end)}…`;
}

/**
 * The first `max` characters of Markdown, cut at a line end: a cut inside a line could leave a
 * code span open, and what it quoted would render live.
 */
export function cutLines(markdown: string, max: number): string {
  if (markdown.length <= max) return markdown;
  const end = markdown.lastIndexOf('\n', max);
  return markdown.slice(0, Math.max(0, end));
}
