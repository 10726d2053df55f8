import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = path.resolve(__dirname, '..', '..');
const DOC = 'docs/architecture.md';

/** Every `src/...`, `schemas/...`, `scripts/...` path the text names (placeholders like <kind> left out). */
function namedPaths(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/(?<![\w./-])((?:src|schemas|scripts)\/[\w./<>*-]*[\w/])/g)) {
    const p = m[1]!;
    if (/[<>*]/.test(p)) continue;
    out.add(p.replace(/\/$/, ''));
  }
  return [...out].sort();
}

function filesUnder(rel: string): string[] {
  const abs = path.join(REPO, rel);
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile()) return [rel];
  return readdirSync(abs, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(rel, e.name)) : e.isFile() ? [path.join(rel, e.name)] : []));
}

describe('docs/architecture.md', () => {
  const text = readFileSync(path.join(REPO, DOC), 'utf8');

  it('names only paths that exist', () => {
    const named = namedPaths(text);
    expect(named.length).toBeGreaterThan(40);
    expect(named.filter((p) => !existsSync(path.join(REPO, p)))).toEqual([]);
  });

  it('finds a missing path (the check can fail)', () => {
    expect(namedPaths('see `src/engine.ts` and src/nope/gone.ts, not src/checks/<kind>.ts')).toEqual(['src/engine.ts', 'src/nope/gone.ts']);
    expect(existsSync(path.join(REPO, 'src/nope/gone.ts'))).toBe(false);
  });

  it('is linked from the README', () => {
    expect(readFileSync(path.join(REPO, 'README.md'), 'utf8')).toContain('(docs/architecture.md)');
  });

  it('names every guardrail of the self-check, and the self-check audits this document', () => {
    const config = readFileSync(path.join(REPO, 'infra/selfcheck/guardrails.yaml'), 'utf8');
    const ids = [...config.matchAll(/^ {2}- id: ([\w-]+)/gm)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(5);
    expect(ids.filter((id) => !text.includes(`\`${id}\``))).toEqual([]);
    expect(config).toContain(`audit: ${DOC}`);
  });
});

describe('the repository refers to nothing outside it', () => {
  it('no file in README.md, docs/, src/, action.yml, infra/ names ../shared/ or /work/', () => {
    const files = ['README.md', 'docs', 'src', 'action.yml', 'infra'].flatMap(filesUnder).filter((f) => !f.endsWith('.png'));
    expect(files.length).toBeGreaterThan(100);
    const bad = files.filter((f) => /\.\.\/shared\/|\/work\//.test(readFileSync(path.join(REPO, f), 'utf8')));
    expect(bad).toEqual([]);
  });
});
