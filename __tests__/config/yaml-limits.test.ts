import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { parseSlo } from '../../src/slo/load.js';

function bomb(tail: string): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
  return `version: 1\n${lines.join('\n')}\n${tail}`;
}

describe('YAML limits are configuration errors at file:line:col', () => {
  it('an alias bomb in guardrails.yaml points at the first alias', () => {
    expect(() => parseConfig(bomb('guardrails: []\n'), 'g.yaml', 'g.yaml')).toThrow(
      expect.objectContaining({ name: 'ConfigError', file: 'g.yaml', line: 3, column: 10, message: expect.stringMatching(/^YAML aliases expand too far/) }),
    );
  });

  it('an alias bomb in the SLO file', () => {
    expect(() => parseSlo(bomb('slos: []\n'), 's.yml', 's.yml')).toThrow(expect.objectContaining({ name: 'ConfigError', file: 's.yml', line: 3 }));
  });

  it('a few aliases are fine', () => {
    const c = parseConfig('version: 1\nexclude: &ex ["a/**"]\nguardrails:\n  - id: size\n    check: max-lines\n    paths: *ex\n    max: 10\n', 'g.yaml', 'g.yaml');
    expect(c.guardrails[0]!.options.paths).toEqual(['a/**']);
  });

  it('nesting deeper than the parser follows is "nested too deeply"', () => {
    expect(() => parseConfig(`version: 1\nexclude: ${'['.repeat(5000)}${']'.repeat(5000)}\nguardrails: []\n`, 'g.yaml', 'g.yaml')).toThrow(/YAML syntax error: nested too deeply to read/);
  });
});
