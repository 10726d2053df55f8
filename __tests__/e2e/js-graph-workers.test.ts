import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/engine.js';
// @ts-expect-error plain ESM helper shared with the benchmark
import { generateTsRepo } from '../../bench/gen-ts.mjs';
import { REPO, runCli } from './runner.js';
import { tmpDir } from '../helpers.js';

describe('the bundled JS graph on both cores', () => {
  it.skipIf(os.availableParallelism() < 2)(
    'a large repository is cruised by two workers and gives the same tangles as one cruise in-process (needs 2 cores)',
    async () => {
      const dir = generateTsRepo(tmpDir('la-gen-ts-'), 1200) as string;
      const cfg = path.join(dir, 'g.yaml');
      writeFileSync(cfg, 'version: 1\nguardrails:\n  - id: nc\n    check: no-cycles\n  - id: nct\n    check: no-cycles\n    ignore-type-only: false\n');
      const out = path.join(dir, 'r.json');
      const r = runCli(['check', '--root', dir, '--config', cfg, '--json', out, '--fail-on', 'none', '--verbose'], REPO);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/javascript graph: 1200 modules in 1 project, 2 workers/);
      const bundled = JSON.parse(readFileSync(out, 'utf8')).findings.map((f: { ruleId: string; properties: { members: string[] } }) => `${f.ruleId} ${f.properties.members.join(' ')}`);
      const here = await run({ root: dir, config: { path: cfg, display: 'g.yaml', explicit: true }, failOn: 'none' });
      expect(bundled).toEqual(here.findings.map((f) => `${f.ruleId} ${(f.properties!.members as string[]).join(' ')}`));
      expect(bundled.filter((b: string) => b.startsWith('nc ')).length).toBeGreaterThan(0);
      expect(bundled.filter((b: string) => b.startsWith('nct ')).length).toBeGreaterThan(bundled.filter((b: string) => b.startsWith('nc ')).length);
    },
    180_000,
  );
});
