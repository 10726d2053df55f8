import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseConfig } from '../../src/config/load.js';
import { defaultGuardrails } from '../../src/suggest.js';
import type { Guardrail } from '../../src/types.js';
import { sink, tmpRepo } from '../helpers.js';

async function cli(args: string[], cwd: string) {
  const out = sink();
  const err = sink();
  const code = await main(args, { stdout: out.stream, stderr: err.stream, cwd, env: { PATH: process.env.PATH }, isTTY: false });
  return { code, out: out.text(), err: err.text() };
}

const py = (...imports: string[]) => `${imports.map((m) => `import ${m}\n`).join('')}x = 1\n`;
const TREE = {
  'app/__init__.py': '',
  'app/api/__init__.py': '',
  'app/api/routes.py': py('app.services.orders'),
  'app/services/__init__.py': '',
  'app/services/orders.py': py('app.db.models'),
  'app/db/__init__.py': '',
  'app/db/models.py': py(),
};

/** What a guardrail protects with: everything but positions. */
const settings = (g: Guardrail) => ({ id: g.id, title: g.title, severity: g.severity, check: g.check, rationale: g.rationale, options: g.options });

describe('suggest keeps what protects', () => {
  it('with no guardrails file: the suggested file holds every built-in default with its own settings, then the suggestions, no id twice', async () => {
    const root = tmpRepo(TREE);
    const r = await cli(['suggest', '--out', 'infra/selfcheck/guardrails.yaml'], root);
    expect(r.code, r.err).toBe(0);
    const text = readFileSync(path.join(root, 'infra/selfcheck/guardrails.yaml'), 'utf8');
    const config = parseConfig(text, 'suggested.yaml', 'suggested.yaml'); // throws on a duplicate id
    const ids = config.guardrails.map((g) => g.id);
    expect(new Set(ids).size).toBe(ids.length);
    const defaults = defaultGuardrails();
    expect(defaults.map((g) => g.id)).toEqual(['monolith-size', 'no-committed-secrets']);
    for (const d of defaults) expect(settings(config.guardrails.find((g) => g.id === d.id)!)).toEqual(settings(d));
    expect(config.guardrails.some((g) => g.check === 'secrets')).toBe(true);
    expect(ids.length).toBeGreaterThan(defaults.length); // and what suggest proposes
    expect(text).toMatch(/^# Suggested by living-architecture suggest: 2 built-in default guardrails and \d+ guardrails that hold today/);
    expect(text).toContain('# Save it as infra/selfcheck/guardrails.yaml: the built-in defaults stop running once that file exists');
  });

  it('with a guardrails file that has no secrets guardrail: no-committed-secrets is suggested back, what it covers is not', async () => {
    const root = tmpRepo({ ...TREE, 'infra/selfcheck/guardrails.yaml': 'version: 1\nguardrails:\n  - id: size\n    check: max-lines\n    paths: ["**/*.py"]\n    max: 500\n' });
    const r = await cli(['suggest', '--no-verify'], root);
    expect(r.code, r.err).toBe(0);
    const ids = parseConfig(r.out, 's.yaml', 's.yaml').guardrails.map((g) => g.id);
    expect(ids).toContain('no-committed-secrets');
    expect(ids).not.toContain('monolith-size'); // the file has a max-lines guardrail
    expect(ids).not.toContain('size');
    expect(r.out).toContain('# Built-in default that stopped running when infra/selfcheck/guardrails.yaml was written (it has no secrets guardrail).');
    expect(r.out).toContain('# Paste the ones you want under guardrails: in infra/selfcheck/guardrails.yaml.');
  });

  it('a file that names a default, or has its kind, or disables it, gets no copy of it', async () => {
    const yaml = 'version: 1\nguardrails:\n  - id: keys\n    check: secrets\n    paths: ["app/**"]\n  - id: monolith-size\n    enabled: false\n    check: max-lines\n    max: 5\n';
    const root = tmpRepo({ ...TREE, 'infra/selfcheck/guardrails.yaml': yaml });
    const r = await cli(['suggest', '--no-verify'], root);
    expect(r.code, r.err).toBe(0);
    const ids = parseConfig(r.out, 's.yaml', 's.yaml').guardrails.map((g) => g.id);
    expect(ids).not.toContain('no-committed-secrets');
    expect(ids).not.toContain('monolith-size');
    expect(r.out).not.toContain('Built-in default');
  });

  it('--out never replaces the guardrails file it read (also through a link): exit 2, the file untouched', async () => {
    const yaml = 'version: 1\nguardrails:\n  - id: size\n    check: max-lines\n    max: 500\n';
    const root = tmpRepo({ ...TREE, 'infra/selfcheck/guardrails.yaml': yaml });
    const r = await cli(['suggest', '--out', 'infra/selfcheck/guardrails.yaml'], root);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'error: --out infra/selfcheck/guardrails.yaml is the guardrails file suggest reads: writing there would replace its 1 guardrail\n  hint: write to another file (or to stdout) and paste the entries you want under guardrails:\n',
    );
    const { symlinkSync } = await import('node:fs');
    symlinkSync('infra/selfcheck/guardrails.yaml', path.join(root, 'g.yaml'));
    expect((await cli(['suggest', '--out', 'g.yaml'], root)).code).toBe(2);
    expect(readFileSync(path.join(root, 'infra/selfcheck/guardrails.yaml'), 'utf8')).toBe(yaml);
  });
});

describe('the suggested YAML holds whatever a folder is named', () => {
  it('line breaks, quotes, backticks and comment marks in names stay inside their comment or string', async () => {
    const { suggestionsYaml } = await import('../../src/map/suggest-yaml.js');
    const evil = 'a\nversion: 2\r\n- id: x\u0085y\u2028z"#`\'';
    const yaml = suggestionsYaml(
      [{ id: 'no-cycles-a', title: `No cycles in ${evil}`, check: 'no-cycles', options: { paths: [`${evil}/**`] }, reason: `${evil}: 2 modules` }],
      [`header ${evil}`],
      [
        {
          reason: evil,
          fields: [
            ['id', 'kept-one'],
            ['title', evil],
            ['check', 'secrets'],
          ],
        },
      ],
    );
    const config = parseConfig(yaml, 's.yaml', 's.yaml');
    expect(config.guardrails.map((g) => [g.id, g.title])).toEqual([
      ['kept-one', evil],
      ['no-cycles-a', `No cycles in ${evil}`],
    ]);
    expect(config.guardrails[1]!.options.paths).toEqual([`${evil}/**`]);
  });
});
