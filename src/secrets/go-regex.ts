/**
 * Go (RE2) regular expressions, as written in .gitleaks.toml, translated to JavaScript: inline flag
 * groups anywhere (`(?i)` → a scoped `(?i:…)`, which V8 supports), `(?P<name>`, `\z`, `\A`, POSIX
 * classes and `\Q…\E`. Throws SyntaxError for what JavaScript cannot express.
 */

const POSIX: Record<string, string> = {
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  ascii: '\\x00-\\x7F',
  blank: ' \\t',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\s',
  upper: 'A-Z',
  word: '\\w',
  xdigit: '0-9A-Fa-f',
};

export interface JsRegex {
  source: string;
  flags: string;
}

export function goToJs(pattern: string): JsRegex {
  let src = pattern.replace(/\\Q([\s\S]*?)(?:\\E|$)/g, (_, lit: string) => lit.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
  let flags = '';
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    if (lead[1]!.includes('U')) throw new SyntaxError('the (?U) ungreedy flag has no JavaScript equivalent');
    flags = [...new Set(lead[1]!.split(''))].join('');
    src = src.slice(lead[0].length);
  }
  src = src.replace(/\(\?P</g, '(?<');
  src = src.replace(/\[\[:(\^?)([a-z]+):\]\]/g, (m, neg: string, name: string) => (POSIX[name] ? `[${neg}${POSIX[name]}]` : m));
  src = src.replace(/\[:([a-z]+):\]/g, (m, name: string) => POSIX[name] ?? m);
  src = scopeInlineFlags(src);
  src = src.replace(/(^|[^\\])((?:\\\\)*)\\z/g, '$1$2(?![\\s\\S])').replace(/(^|[^\\])((?:\\\\)*)\\A/g, '$1$2(?<![\\s\\S])');
  if (/\\[pP]\{?/.test(src)) flags += 'u';
  return { source: src, flags };
}

/** `a(?i)b|c)` → `a(?i:b|c))`: a flag group in the middle applies to the rest of its group. */
function scopeInlineFlags(src: string): string {
  let out = '';
  const closeAt: number[] = []; // per open group: how many scoped flag groups to close with it
  let pendingTop = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      out += c + (src[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      // RE2 reads `]` first in a class (`[]a]`, `[^]]`) as a literal; JavaScript reads `[^]` as
      // "any character" and `[]` as "nothing", so it is escaped.
      inClass = true;
      out += c;
      if (src[i + 1] === '^') out += src[++i];
      if (src[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    const flag = /^\(\?(-?[ims]+(?:-[ims]+)?)\)/.exec(src.slice(i));
    if (flag) {
      out += `(?${flag[1]}:`;
      if (closeAt.length > 0) closeAt[closeAt.length - 1]!++;
      else pendingTop++;
      i += flag[0].length - 1;
      continue;
    }
    if (/^\(\?[a-zA-Z]*U/.test(src.slice(i))) throw new SyntaxError('the (?U) ungreedy flag has no JavaScript equivalent');
    if (c === '(') {
      closeAt.push(0);
      out += c;
      continue;
    }
    if (c === ')') {
      out += ')'.repeat(closeAt.pop() ?? 0) + c;
      continue;
    }
    out += c;
  }
  return out + ')'.repeat(pendingTop + closeAt.reduce((a, b) => a + b, 0));
}
