import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../../src/secrets/rules.js';
import { runOn } from '../run.js';
import { makeCorpus, SECRET_KINDS } from './corpus.js';

const YAML = `version: 1
guardrails:
  - id: no-secrets
    title: No committed credentials
    check: secrets
`;

describe('secrets: the planted corpus', () => {
  const corpus = makeCorpus({ seed: 11, files: 300, copies: 3 });

  it('plants every built-in rule and every decoy kind the issue names', () => {
    expect(new Set(SECRET_KINDS.map((k) => k.rule))).toEqual(new Set(BUILTIN_RULES.map((r) => r.id)));
    expect(new Set(corpus.decoys.map((d) => d.kind))).toEqual(new Set(['documented-example', 'placeholder', 'hash', 'uuid', 'base64-image', 'code-reference', 'inline-allow', 'lockfile-integrity']));
    expect(corpus.files.size).toBeGreaterThan(300);
  });

  it('reports every planted secret, with its rule, and nothing else (no decoy)', async () => {
    const { report } = await runOn(Object.fromEntries(corpus.files), YAML);
    expect(report.guardrails.map((g) => g.status)).toEqual(['fail']);
    const findings = report.findings;
    const where = (f: { file: string; line: number }) => `${f.file}:${f.line}`;
    const missed = corpus.planted.filter((p) => !findings.some((f) => f.file === p.file && f.line === p.line && f.properties?.secretRule === p.rule));
    expect(missed.map((p) => `${where(p)} ${p.rule}`)).toEqual([]);
    const extra = findings.filter((f) => !corpus.planted.some((p) => p.file === f.file && p.line === f.line));
    expect(extra.map((f) => `${where(f)} ${String(f.properties?.secretRule)}`)).toEqual([]);
    const decoysHit = corpus.decoys.filter((d) => findings.some((f) => f.file === d.file && f.line === d.line));
    expect(decoysHit.map((d) => `${where(d)} ${d.kind}`)).toEqual([]);
    expect(findings).toHaveLength(corpus.planted.length);
  });
});
