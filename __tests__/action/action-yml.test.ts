import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const REPO = path.resolve(new URL('../..', import.meta.url).pathname);

describe('action.yml is publishable on the GitHub Marketplace', () => {
  const action = parse(readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as { name: string; description: string; runs: { using: string; main: string } };

  it('the description fits the Marketplace limit of 125 characters', () => {
    expect(typeof action.description).toBe('string');
    expect(action.description.length).toBeGreaterThan(0);
    expect([...action.description].length).toBeLessThanOrEqual(125);
  });

  it('a name and the node24 runtime on the bundle', () => {
    expect(action.name.length).toBeGreaterThan(0);
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });
});
