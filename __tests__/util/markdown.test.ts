import { Marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { clip, codeBlock, codeSpan, cutLines, htmlText, mdLink, mdText, mdUrl, prose } from '../../src/util/markdown.js';

const gfm = new Marked({ gfm: true });
const render = (markdown: string): string => gfm.parse(markdown) as string;
const cell = (text: string): string => render(`| A | B |\n|---|---|\n| ${text} | end |\n`);

/** What GitHub would make live in rendered HTML: tags other than the expected ones, links, mentions, references. */
function live(html: string): string[] {
  const text = html.replace(/<code[^>]*>[\s\S]*?<\/code>/g, '<code></code>');
  const found: string[] = [];
  for (const m of text.matchAll(/<(?!\/?(?:p|br|code|table|thead|tbody|tr|th|td|pre|em|strong)\b)[a-z/][^>]*>/gi)) found.push(m[0]);
  for (const m of text.matchAll(/(?:^|[^\w\u2060])@[A-Za-z0-9]/g)) found.push(`mention ${m[0]}`);
  for (const m of text.matchAll(/(?:^|[^\w\u2060])#\d/g)) found.push(`reference ${m[0]}`);
  for (const m of text.matchAll(/https?:\/\/|www\./gi)) found.push(`autolink ${m[0]}`);
  return found;
}

const ATTACKS = [
  'x` ![t](https://evil.example/track.png) @octocat `y',
  '<img src=https://evil.example/t.png>',
  '</details><details open><summary>pwned',
  'a | b | c',
  'trailing backslash\\|![i](https://evil.example/t.png)',
  '[click](javascript:alert(1)) [x][1]\n\n[1]: https://evil.example',
  'visit https://evil.example/phish or www.evil.example, mail me@evil.example',
  'see #1, GH-2 and owner/repo#3, ping @org/team',
  '**bold** _em_ ~~del~~ `code` \\`tick',
  '&lt;img src=x&gt; &#64;octocat',
];

describe('repository text in Markdown: nothing becomes live', () => {
  it.each(ATTACKS)('mdText in a table cell: %s', (attack) => {
    const html = cell(mdText(attack));
    expect(live(html)).toEqual([]);
    expect(html).toContain('<td>end</td>');
  });

  it.each(ATTACKS)('prose in a table cell (message quoting code): %s', (attack) => {
    for (const msg of [`Forbidden pattern found: \`${attack}\``, `found \`${attack}\` and \`${attack}\``, attack]) {
      const html = cell(prose(msg));
      expect(live(html)).toEqual([]);
      expect(html).toContain('<td>end</td>');
    }
  });

  it.each(ATTACKS)('codeSpan in a cell and in a paragraph: %s', (attack) => {
    const html = cell(codeSpan(attack));
    expect(live(html)).toEqual([]);
    expect(html).toContain('<td>end</td>');
    expect(live(render(`before ${codeSpan(attack, { cell: false })} after`))).toEqual([]);
  });

  it.each(ATTACKS)('codeBlock and htmlText: %s', (attack) => {
    expect(live(render(`${codeBlock(`${attack}\n\`\`\`\n${attack}\n\`\`\`\`\n@octocat`)}\n\n![after](https://evil.example/x.png)`).replace(/<p><img[^>]*><\/p>\n?$/, ''))).toEqual([]);
    expect(live(render(`<details>\n<summary>${htmlText(attack)}</summary>\n\n</details>\n`).replace(/<\/?(?:details|summary)>/g, ''))).toEqual([]);
  });

  it('shows the text as written', () => {
    const attack = 'x` ![t](https://evil.example/t.png) @octocat |';
    const shown = (html: string) =>
      html
        .replace(/<[^>]+>/g, '')
        .replace(/\u2060/g, '')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&#39;/g, "'");
    expect(shown(cell(mdText(attack)))).toContain(attack);
    expect(shown(cell(codeSpan(attack)))).toContain(attack);
    expect(shown(render(codeBlock(attack)))).toContain(attack);
  });

  it('code spans and fences are longer than any backtick run inside', () => {
    expect(codeSpan('a')).toBe('`a`');
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('``x')).toBe('``` ``x ```');
    expect(codeSpan('a|b')).toBe('`a\\|b`');
    expect(codeBlock('x\n````\ny')).toBe('`````text\nx\n````\ny\n`````');
  });

  it('mentions and references carry an invisible joiner; links only to the web, with an encoded destination', () => {
    expect(mdText('@octocat #12')).toBe('@\u2060octocat #\u206012');
    expect(mdUrl('javascript:alert(1)')).toBeUndefined();
    expect(mdUrl('https://x.example/a b)(<c>')).toBe('https://x.example/a%20b%29%28%3Cc%3E');
    expect(mdLink('a.py:3', 'https://github.com/o/r/blob/s/a.py#L3')).toBe('[a.py:3](https://github.com/o/r/blob/s/a.py#L3)');
    expect(mdLink('docs/x.md', 'data:text/html,hi')).toBe('`docs/x.md`');
    expect(clip('abcdef', 4)).toBe('abc…');
    // A cut never falls inside a line, where it could leave a code span open.
    const long = `| a | ${codeSpan('![x](https://evil.example/t.png)')} |\n`.repeat(10);
    expect(cutLines(long, 100)).toBe(
      long
        .split('\n')
        .slice(0, long.slice(0, 100).split('\n').length - 1)
        .join('\n'),
    );
    expect(live(render(cutLines(long, 100)))).toEqual([]);
    expect(clip('ab😀cd', 4)).toBe('ab…');
  });
});
