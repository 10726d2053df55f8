/**
 * Markdown injection (issue 13, item 8), replayed through dist/index.js as the runner runs it: a
 * pull request whose matched lines, file names, guardrail titles, rationale, audit reference and
 * command output carry backticks, images, raw HTML, `<details>` closers, table pipes and
 * @mentions. Rendered as GitHub renders Markdown (GFM), the job summary and the sticky comment
 * must show all of it as text: no image loads, no link to the attacker, nobody is mentioned. And
 * a comment by another user holding our marker is never edited.
 */
import { Marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { fakeGitHub } from '../github/fake-github.js';
import { tmpRepo } from '../helpers.js';
import { runAction } from '../e2e/runner.js';

const EVIL = 'evil.example';

const GUARDRAILS = `version: 1
guardrails:
  - id: no-bad
    title: "Bad \` ![t](https://${EVIL}/title.png) @octocat <img src=https://${EVIL}/t2.png>"
    rationale: "Because \` <img src=https://${EVIL}/r.png> @octocat #1 </details></details> | x | ![r](https://${EVIL}/r2.png)"
    audit: "https://${EVIL}/a) ![x](https://${EVIL}/audit.png"
    check: pattern
    forbid: BAD.*
    paths: ["**/*.py"]
  - id: cmd
    title: Command
    check: command
    run: "printf '\`\`\`\\\\n@octocat ![o](https://${EVIL}/out.png)\\\\n<img src=https://${EVIL}/o2.png>\\\\n'; exit 1"
`;

const FILES = {
  'guardrails.yaml': GUARDRAILS,
  'a.py': `x = 'BAD\` ![m](https://${EVIL}/match.png) @octocat <img src=https://${EVIL}/m2.png> | </details> @org/team'\n`,
  [`we\`ird ![i](https:${EVIL}) @octocat.py`]: 'BAD\n',
};

/** What renders live: images, links off GitHub, raw tags beyond the summary's own, mentions outside code. */
function liveParts(markdown: string): string[] {
  const html = new Marked({ gfm: true }).parse(markdown) as string;
  const text = html.replace(/<code[^>]*>[\s\S]*?<\/code>/g, '<code></code>');
  const found: string[] = [];
  for (const m of text.matchAll(/<img\b[^>]*>/gi)) found.push(m[0]);
  for (const m of text.matchAll(/\b(?:href|src)="([^"]*)"/gi)) if (!m[1]!.startsWith('https://github.com/acme/pulse/')) found.push(m[0]);
  for (const m of text.matchAll(/<(?!\/?(?:p|br|code|pre|table|thead|tbody|tr|th|td|em|strong|details|summary|b|sub|blockquote|h[1-6]|ul|ol|li|a)\b)[a-z/][^>]*>/gi)) found.push(m[0]);
  for (const m of text.matchAll(/(?:^|[^\w\u2060])@[A-Za-z0-9]/g)) found.push(`mention ${m[0]}`);
  const opened = (text.match(/<details\b/g) ?? []).length;
  const closed = (text.match(/<\/details>/g) ?? []).length;
  if (opened !== closed) found.push(`details ${opened} opened, ${closed} closed`);
  return found;
}

describe('markdown injection', () => {
  it('the job summary shows hostile text as text: no image, no link, no mention, no broken fold', () => {
    const ws = tmpRepo(FILES);
    const r = runAction(ws, { config: 'guardrails.yaml', 'fail-on': 'none' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.outputs.errors).toBe('3'); // two matches of BAD and the failed command
    expect(r.summary).toContain('Command output');
    expect(r.summary).toContain('octocat');
    expect(r.summary).toContain('match.png');
    expect(liveParts(r.summary)).toEqual([]);
  });

  it('the sticky comment too, and a comment by another user that holds our marker is left alone', async () => {
    const gh = await fakeGitHub();
    const marker = '<!-- living-architecture:pr-comment category=living-architecture -->';
    await gh.seed({ comments: [{ repo: 'acme/pulse', issue_number: 7, body: `${marker}\nplanted by eve`, user: { login: 'eve', type: 'User' } }] });
    const ws = tmpRepo(FILES);
    const event = { pull_request: { number: 7, head: { repo: { full_name: 'acme/pulse' } }, base: { repo: { full_name: 'acme/pulse' } } } };
    for (let i = 0; i < 2; i++) {
      const r = runAction(ws, { config: 'guardrails.yaml', comment: 'true' }, { event, env: { GITHUB_API_URL: gh.url } });
      expect(r.stdout).toMatch(new RegExp(`Pull request comment ${i === 0 ? 'created' : 'updated'}`));
    }
    const st = await gh.state();
    expect(st.comments.find((c) => c.user?.login === 'eve')!.body).toBe(`${marker}\nplanted by eve`);
    const ours = st.comments.filter((c) => c.user?.login === 'github-actions[bot]');
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toContain('match.png');
    expect(liveParts(ours[0]!.body)).toEqual([]);
    gh.close();
  });
});
