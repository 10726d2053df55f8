/**
 * The README and docs/ as a new user meets them: generated tables match their sources, every check
 * kind has its section and guide, links resolve, the two commands at the top work, and the
 * schemas are published with ids that the example files point editors at.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CHECK_KINDS } from '../../src/checks/index.js';
import { REPO, docFiles, readDoc } from './markdown.js';
import { runCli } from '../e2e/runner.js';
// @ts-expect-error: a plain .mjs script without types
import { regenerate, tables } from '../../scripts/readme-tables.mjs';

interface ActionYml {
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, { description: string }>;
}
const action = parseYaml(readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as ActionYml;
const readme = readDoc('README.md');

/** Rows of the Markdown table between `<!-- name:start -->` and `<!-- name:end -->`, as cells. */
function tableRows(text: string, name: string): string[][] {
  const m = new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)<!-- ${name}:end -->`).exec(text);
  if (!m) return [];
  return m[1]!
    .trim()
    .split('\n')
    .slice(2)
    .map((row) =>
      row
        .replace(/^\||\|$/g, '')
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
}
const unquote = (cell: string) => cell.replace(/^`|`$/g, '');

describe('generated tables', () => {
  it('every generated table is what npm run readme writes (action.yml and the schema are the sources)', () => {
    const list = tables() as { file: string; before: string; after: string }[];
    expect(list.map((t) => t.file)).toContain('README.md');
    for (const t of list) expect(t.before, `${t.file}: run npm run readme`).toBe(t.after);
  });

  it('the README lists every input of action.yml with its default, and every output', () => {
    const inputs = tableRows(readme, 'inputs');
    expect(inputs.map((r) => unquote(r[0]!))).toEqual(Object.keys(action.inputs));
    for (const r of inputs) expect(unquote(r[1]!), r[0]).toBe(action.inputs[unquote(r[0]!)]!.default ?? '');
    expect(tableRows(readme, 'outputs').map((r) => unquote(r[0]!))).toEqual(Object.keys(action.outputs));
  });

  it('a table that drifted from action.yml is detected', () => {
    const stale = readme.replace(/\| `fail-on` \| `error` \|/, '| `fail-on` | `warning` |');
    expect(stale).not.toBe(readme);
    expect(regenerate('README.md', stale)).toBe(readme);
  });
});

describe('check kinds', () => {
  it.each(CHECK_KINDS.map((k) => [k.kind]))('%s has a README section, a guide and its keys table', (kind) => {
    expect(readme).toMatch(new RegExp(`^### \`${kind}\``, 'm'));
    expect(readme).toContain(`(docs/checks/${kind}.md)`);
    const guide = readDoc(`docs/checks/${kind}.md`);
    const keys = tableRows(guide, 'keys').map((r) => unquote(r[0]!.replace(/ \*\*\(required\)\*\*$/, '')));
    const own = Object.keys(CHECK_KINDS.find((k) => k.kind === kind)!.schema.properties);
    expect(keys.filter((k) => !k.includes('.'))).toEqual(own);
    for (const section of ['## Minimal example', '## What a finding looks like', '## Keys', '## Full example', '## Common mistakes']) expect(guide, `${kind}: ${section}`).toContain(section);
  });
});

/** GitHub's anchor for a heading. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(path.join(REPO, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1]!)));
}

describe('links', () => {
  it('every relative link of the README and docs/ points at a file (and heading) that exists', () => {
    const broken: string[] = [];
    for (const file of [...docFiles(), 'examples/reference-system/README.md']) {
      const text = readFileSync(path.join(REPO, file), 'utf8')
        .replace(/```[\s\S]*?```/g, '')
        .replace(/`[^`\n]*`/g, '');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/i.test(target)) continue;
        const [rel, anchor] = target.split('#');
        const abs = rel ? path.resolve(path.dirname(path.join(REPO, file)), rel) : path.join(REPO, file);
        if (!existsSync(abs)) {
          broken.push(`${file}: ${target}`);
          continue;
        }
        if (anchor && abs.endsWith('.md') && !anchorsOf(path.relative(REPO, abs)).has(anchor)) broken.push(`${file}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('the two commands at the top', () => {
  it('come first, as the hook and the CI read them', () => {
    const first = /^# .+\n\n```bash\n([\s\S]*?)```/.exec(readme);
    expect(
      first?.[1]
        ?.split('\n')
        .filter(Boolean)
        .map((l) => l.replace(/\s+#.*$/, '')),
    ).toEqual(['npm ci && npm run demo', 'npm ci && npm test']);
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.demo).toBeDefined();
    expect(pkg.scripts.test).toBe('vitest run');
    expect(pkg.scripts.readme).toBe('node scripts/readme-tables.mjs');
  });

  it('npm run demo shows every planted violation of the reference system and exits 0', () => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'scripts/demo.mjs'), '--no-color'], { cwd: REPO, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: REPO } });
    expect(r.status, r.stderr).toBe(0);
    const planted = plantedRows();
    expect(planted.length).toBeGreaterThan(25);
    for (const p of planted) expect(r.stdout, `${p.rule} ${p.at}`).toMatch(new RegExp(`^\\s+${p.at.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:\\d+)?  `, 'm'));
    expect(r.stdout).toMatch(/The gate failed \(exit code 1\), as it should/);
  });

  it('the reference system README lists exactly the findings the tool reports, each with its rule', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'la-readme-'));
    const r = runCli(['check', '--root', path.join(REPO, 'examples/reference-system'), '--json', path.join(dir, 'r.json')], REPO);
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')) as { findings: { ruleId: string; file: string; line: number }[] };
    rmSync(dir, { recursive: true, force: true });
    const reported = report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`).sort();
    expect(
      plantedRows()
        .map((p) => `${p.rule} ${p.at}`)
        .sort(),
    ).toEqual(reported);
  });
});

/** The planted violations of examples/reference-system/README.md: `reported at` and `caught by` columns. */
function plantedRows(): { n: string; at: string; rule: string }[] {
  const text = readDoc('examples/reference-system/README.md');
  const section = /## Planted violations\n([\s\S]*?)\n## /.exec(text)![1]!;
  const rows = section.split('\n').filter((l) => /^\| \d+[a-z]? \|/.test(l));
  return rows.map((row) => {
    const cells = row
      .replace(/^\||\|$/g, '')
      .split(/(?<!\\)\|/)
      .map((c) => c.trim());
    return { n: cells[0]!, at: unquote(cells[1]!), rule: unquote(cells[cells.length - 1]!.split(' ')[0]!) };
  });
}

describe('schemas', () => {
  const schemas = readdirSync(path.join(REPO, 'schemas')).filter((f) => f.endsWith('.schema.json'));

  it('every schema in schemas/ has an $id named after its file and a $schema', () => {
    expect(schemas.sort()).toEqual(['baseline.schema.json', 'guardrails.schema.json', 'report.schema.json', 'slo-monitors.schema.json', 'system-intelligence-map.schema.json']);
    for (const f of schemas) {
      const s = JSON.parse(readFileSync(path.join(REPO, 'schemas', f), 'utf8')) as { $id?: string; $schema?: string };
      expect(s.$id, f).toBe(`https://living-architecture.dev/schemas/${f}`);
      expect(s.$schema, f).toMatch(/^https?:\/\/json-schema\.org\//);
    }
  });

  it('the example files point editors at their schema, and the path resolves', () => {
    const files: [string, string][] = [
      ['infra/selfcheck/guardrails.yaml', 'guardrails.schema.json'],
      ['examples/reference-system/infra/selfcheck/guardrails.yaml', 'guardrails.schema.json'],
      ['examples/reference-system/infra/selfcheck/slo-monitors.yml', 'slo-monitors.schema.json'],
      ['examples/reference-system/src/observability/system_intelligence_map.json', 'system-intelligence-map.schema.json'],
      ['__tests__/fixtures/docs/shop/infra/selfcheck/guardrails.yaml', 'guardrails.schema.json'],
      ['__tests__/fixtures/docs/shop/infra/selfcheck/slo-monitors.yml', 'slo-monitors.schema.json'],
      ['__tests__/fixtures/docs/shop/src/observability/system_intelligence_map.json', 'system-intelligence-map.schema.json'],
    ];
    for (const [file, schema] of files) {
      const text = readFileSync(path.join(REPO, file), 'utf8');
      const ref = file.endsWith('.json') ? (JSON.parse(text) as { $schema?: string }).$schema : /^# yaml-language-server: \$schema=(\S+)$/m.exec(text)?.[1];
      expect(ref, file).toBeDefined();
      if (ref!.startsWith('https://')) expect(ref, file).toBe(`https://living-architecture.dev/schemas/${schema}`);
      else expect(path.resolve(path.dirname(path.join(REPO, file)), ref!), file).toBe(path.join(REPO, 'schemas', schema));
    }
  });
});
