import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORY, DEFAULT_PATHS } from '../../src/defaults.js';

const ROOT = path.resolve(__dirname, '../..');

describe('default paths are defined once', () => {
  it("action.yml's input defaults equal src/defaults.ts", () => {
    const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
    const def = (input: string) => action.inputs[input]?.default;
    expect({
      config: def('config'),
      map: def('intelligence-map'),
      slo: def('slo-monitors'),
      baseline: def('baseline'),
      sarif: def('sarif-file'),
      category: def('category'),
    }).toEqual({ ...DEFAULT_PATHS, category: DEFAULT_CATEGORY });
  });

  it('no other file under src/ spells a default path as a string literal', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const abs = path.join(dir, name);
        if (statSync(abs).isDirectory()) walk(abs);
        else if (name.endsWith('.ts') && abs !== path.join(ROOT, 'src/defaults.ts')) {
          readFileSync(abs, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              for (const p of Object.values(DEFAULT_PATHS)) {
                if (new RegExp(`['"\`]${p.replace(/[.]/g, '\\.')}['"\`]`).test(line)) offenders.push(`${path.relative(ROOT, abs)}:${i + 1}: ${line.trim()}`);
              }
            });
        }
      }
    };
    walk(path.join(ROOT, 'src'));
    expect(offenders).toEqual([]);
  });
});
