import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { ConfigError } from '../../src/errors.js';
import { toSarif } from '../../src/report/sarif.js';
import { runOn } from '../run.js';

const cfg = (body: string) => `version: 1\nguardrails:\n  - id: mig\n    check: migrations\n${body}`;
const fails = (text: string): ConfigError => {
  try {
    parseConfig(text, 'g.yaml', 'g.yaml');
  } catch (e) {
    return e as ConfigError;
  }
  throw new Error('no error');
};

describe('migrations check kind', () => {
  it('an unknown tool is a configuration error at its line', () => {
    const e = fails(cfg('    tool: flyway\n    path: db\n'));
    expect([e.name, e.line]).toEqual(['ConfigError', 5]);
    expect(e.message).toMatch(/'tool' must be one of alembic, django, prisma/);
  });

  it('alembic needs a path; django and prisma have defaults', () => {
    const e = fails(cfg('    tool: alembic\n'));
    expect(e.message).toBe("guardrail 'mig': a 'migrations' guardrail with tool: alembic needs 'path'");
    expect(e.line).toBe(5);
    expect(() => parseConfig(cfg('    tool: django\n'), 'g.yaml', 'g.yaml')).not.toThrow();
  });

  it('findings carry the tool and the heads in SARIF properties and survive lines moving', async () => {
    const rev = (id: string, down: string, pad = '') => `${pad}revision = "${id}"\ndown_revision = ${down}\n`;
    const files = {
      'alembic/versions/a.py': rev('aaa', 'None'),
      'alembic/versions/b.py': rev('bbb', '"aaa"'),
      'alembic/versions/c.py': rev('ccc', '"aaa"'),
    };
    const { report } = await runOn(files, cfg('    tool: alembic\n    path: alembic\n'));
    const sarif = JSON.parse(toSarif(report, { category: 'x' }).json);
    const results = sarif.runs[0].results;
    expect(
      results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }) => [
        r.locations[0]!.physicalLocation.artifactLocation.uri,
        r.locations[0]!.physicalLocation.region.startLine,
      ]),
    ).toEqual([
      ['alembic/versions/b.py', 2],
      ['alembic/versions/c.py', 2],
    ]);
    expect(results[0].properties).toMatchObject({ tool: 'alembic', heads: ['bbb', 'ccc'] });
    const moved = await runOn({ ...files, 'alembic/versions/b.py': rev('bbb', '"aaa"', '# a comment\n\n') }, cfg('    tool: alembic\n    path: alembic\n'));
    expect(moved.report.findings[0]!.line).toBe(4);
    expect(moved.report.findings.map((f) => f.fingerprint)).toEqual(report.findings.map((f) => f.fingerprint));
  });
});
