import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';
import { tmpRepo } from '../helpers.js';

function fails(yaml: string): ConfigError {
  try {
    parseConfig(yaml, 'g.yaml', 'g.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

const ok = `version: 1
guardrails:
  - id: size
    title: Small files
    severity: warning
    check: max-lines
    paths: ["src/**"]
    max: 400
  - id: no-print
    check: pattern
    forbid: '^\\s*print\\('
`;

describe('parseConfig', () => {
  it('reads a valid file with defaults and positions', () => {
    const c = parseConfig(ok, 'g.yaml', 'g.yaml');
    expect(c.guardrails.map((g) => g.id)).toEqual(['size', 'no-print']);
    const [size, print] = c.guardrails;
    expect(size!.severity).toBe('warning');
    expect(size!.options).toEqual({ paths: ['src/**'], max: 400 });
    expect(size!.pos).toMatchObject({ file: 'g.yaml', line: 3, column: 5 });
    expect(print!.severity).toBe('error');
    expect(print!.title).toBe('no-print');
    expect(print!.keyPos.forbid).toMatchObject({ line: 11, column: 5 });
  });

  it('YAML syntax error: line and column of the mistake', () => {
    const e = fails('version: 1\nguardrails:\n  - id: a\n    check: [max-lines\n');
    expect(e.message).toMatch(/^YAML syntax error/);
    expect(e.line).toBe(5);
    expect(e.file).toBe('g.yaml');
  });

  it('YAML duplicate key', () => {
    const e = fails('version: 1\nguardrails:\n  - id: a\n    id: b\n    check: max-lines\n    max: 3\n');
    expect(e.message).toMatch(/YAML syntax error/);
    expect(e.line).toBe(4);
    expect(e.hint).toMatch(/twice/);
  });

  it('tabs used for indentation', () => {
    const e = fails('version: 1\nguardrails:\n\t- id: a\n');
    expect(e.line).toBe(3);
  });

  it('unknown check kind, with a suggestion', () => {
    const e = fails('version: 1\nguardrails:\n  - id: a\n    check: max-line\n    max: 3\n');
    expect(e.message).toBe(`guardrail 'a': unknown check kind "max-line"`);
    expect([e.line, e.column]).toEqual([4, 12]);
    expect(e.hint).toMatch(/did you mean 'max-lines'/);
  });

  it('missing check', () => {
    const e = fails('version: 1\nguardrails:\n  - id: a\n    max: 3\n');
    expect(e.message).toMatch(/missing required key 'check'/);
    expect(e.line).toBe(3);
  });

  it('wrong type', () => {
    const e = fails('version: 1\nguardrails:\n  - id: big\n    check: max-lines\n    max: "500 lines"\n');
    expect(e.message).toBe(`guardrail 'big': 'max' must be a whole number, not "500 lines"`);
    expect([e.line, e.column]).toEqual([5, 10]);
  });

  it('missing key of the kind', () => {
    const e = fails('version: 1\nguardrails:\n  - id: big\n    check: max-lines\n    paths: [a]\n');
    expect(e.message).toBe(`guardrail 'big': missing required key 'max'`);
    expect([e.line, e.column]).toEqual([3, 5]);
    expect(e.hint).toMatch(/largest number of lines/);
  });

  it('unknown key, with a suggestion, at the key', () => {
    const e = fails('version: 1\nguardrails:\n  - id: big\n    check: max-lines\n    max: 3\n    path: [a]\n');
    expect(e.message).toBe(`guardrail 'big': unknown key 'path'`);
    expect([e.line, e.column]).toEqual([6, 5]);
    expect(e.hint).toBe("did you mean 'paths'?");
  });

  it('unknown top-level key', () => {
    const e = fails('version: 1\nguardrail:\n  - id: big\n');
    expect(e.message).toMatch(/unknown key 'guardrail'/);
    expect(e.line).toBe(2);
    expect(e.hint).toMatch(/guardrails/);
  });

  it('duplicate id names the first', () => {
    const e = fails('version: 1\nguardrails:\n  - id: a\n    check: max-lines\n    max: 1\n  - id: a\n    check: max-lines\n    max: 2\n');
    expect(e.message).toBe("duplicate guardrail id 'a' (first used on line 3)");
    expect([e.line, e.column]).toEqual([6, 9]);
  });

  it('invalid regular expression', () => {
    const e = fails("version: 1\nguardrails:\n  - id: p\n    check: pattern\n    forbid: 'foo(bar'\n");
    expect(e.message).toMatch(/^guardrail 'p': 'forbid' "foo\(bar" is not a valid regular expression: .*(terminated|unmatched)/i);
    expect([e.line, e.column]).toEqual([5, 13]);
  });

  it('invalid regular expression inside a list', () => {
    const e = fails("version: 1\nguardrails:\n  - id: p\n    check: pattern\n    forbid:\n      - 'ok'\n      - '[z-a]'\n");
    expect(e.message).toMatch(/'forbid\[1\]' "\[z-a\]" is not a valid regular expression/);
    expect([e.line, e.column]).toEqual([7, 9]);
  });

  it('unknown version', () => {
    const e = fails('version: 2\nguardrails: []\n');
    expect(e.message).toBe('unsupported version 2');
    expect([e.line, e.column]).toEqual([1, 10]);
    expect(e.hint).toMatch(/version: 1/);
  });

  it('severity typo', () => {
    const e = fails('version: 1\nguardrails:\n  - id: a\n    severity: warn\n    check: max-lines\n    max: 3\n');
    expect(e.message).toMatch(/'severity' must be one of error, warning, note, not "warn"/);
    expect(e.line).toBe(4);
    expect(e.hint).toBe("did you mean 'warning'?");
  });

  it('id not kebab-case', () => {
    const e = fails('version: 1\nguardrails:\n  - id: No_Cycles\n    check: max-lines\n    max: 3\n');
    expect(e.message).toMatch(/'id' "No_Cycles" is not allowed here/);
    expect(e.hint).toMatch(/kebab-case/);
    expect(e.line).toBe(3);
  });

  it('globs that leave the repository are refused', () => {
    const e = fails('version: 1\nguardrails:\n  - id: a\n    check: max-lines\n    max: 3\n    paths: ["../other/**"]\n');
    expect(e.message).toMatch(/leaves the repository root/);
    expect([e.line, e.column]).toEqual([6, 13]);
    const abs = fails('version: 1\nexclude: ["/etc/**"]\nguardrails: []\n');
    expect(abs.message).toMatch(/is absolute/);
    expect(abs.line).toBe(2);
  });

  it('pattern needs forbid or require', () => {
    const e = fails('version: 1\nguardrails:\n  - id: p\n    check: pattern\n    paths: [a]\n');
    expect(e.message).toMatch(/needs 'forbid' or 'require'/);
    expect(e.line).toBe(3);
  });

  it('empty file and non-mapping file', () => {
    expect(fails('').message).toMatch(/empty/);
    expect(fails('- a\n- b\n').message).toMatch(/must be a mapping/);
  });

  it('enabled: false keeps a guardrail out of the run, but its id stays declared', () => {
    const c = parseConfig('version: 1\nguardrails:\n  - id: a\n    enabled: false\n    check: max-lines\n    max: 3\n', 'g', 'g');
    expect(c.guardrails).toEqual([]);
    expect(c.disabled).toEqual(['a']);
  });

  it('the ids of the built-in map and SLO checks are reserved', () => {
    const e = fails('version: 1\nguardrails:\n  - id: intelligence-map\n    check: max-lines\n    max: 3\n');
    expect(e.message).toBe("guardrail id 'intelligence-map' is reserved for the built-in intelligence map checks");
    expect([e.line, e.column]).toEqual([3, 9]);
  });

  it('accepts a leading (?i) in patterns', () => {
    expect(() => parseConfig("version: 1\nguardrails:\n  - id: p\n    check: pattern\n    forbid: '(?i)todo'\n", 'g', 'g')).not.toThrow();
  });
});

describe('loadConfig', () => {
  it('missing default file gives the built-in defaults', async () => {
    const dir = tmpRepo({});
    const c = await loadConfig(path.join(dir, 'infra/selfcheck/guardrails.yaml'), 'infra/selfcheck/guardrails.yaml', { optional: true });
    expect(c.file).toBeNull();
    expect(c.guardrails.length).toBeGreaterThan(0);
  });

  it('missing explicit file is an error', async () => {
    const dir = tmpRepo({});
    await expect(loadConfig(path.join(dir, 'nope.yaml'), 'nope.yaml', { optional: false })).rejects.toThrow(/not found/);
  });
});

describe('messages a user meets often', () => {
  it('a regular expression in double quotes: the YAML error says to use single quotes', () => {
    let err: ConfigError | undefined;
    try {
      parseConfig('version: 1\nguardrails:\n  - id: p\n    check: pattern\n    forbid: "print\\s*\\("\n', 'g.yaml', 'g.yaml');
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err?.message).toMatch(/^YAML syntax error/);
    expect(err?.line).toBe(5);
    expect(err?.hint).toMatch(/single quotes/);
  });

  it('messages from a kind’s own validation name the guardrail too', () => {
    let err: ConfigError | undefined;
    try {
      parseConfig('version: 1\nguardrails:\n  - id: p\n    check: pattern\n    paths: [a]\n', 'g.yaml', 'g.yaml');
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err?.message).toBe("guardrail 'p': a 'pattern' guardrail needs 'forbid' or 'require'");
  });
});
