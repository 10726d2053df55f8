import { describe, expect, it } from 'vitest';
import { parseMap } from '../../src/map/load.js';
import { GOOD_MAP, lineOf, mapText } from './fixture.js';

const load = (text: string) => parseMap(text, 'map.json', 'src/map.json');

function errorOf(text: string): { message: string; line?: number; column?: number; hint?: string } {
  try {
    load(text);
  } catch (e) {
    return e as never;
  }
  throw new Error('no error');
}

describe('reading the intelligence map', () => {
  it('keeps where each value and key is written', () => {
    const text = mapText(GOOD_MAP);
    const doc = load(text);
    expect(doc.file).toBe('src/map.json');
    expect(doc.keyAt(['modules', 'backend/db.py'])).toEqual({ file: 'src/map.json', line: lineOf(text, '"backend/db.py"'), column: 5 });
    expect(doc.at(['goals', 'auth', 'criticalPaths', 1]).line).toBe(lineOf(text, 'GET /api/users/{id}'));
    expect(doc.keyAt(['evolution', 'immediate', 0, 'item']).line).toBe(lineOf(text, '"item"'));
    expect(doc.lenient).toBe(false);
  });

  it('reads JSONC (comments, trailing commas) and says so', () => {
    const doc = load('{\n  // the map\n  "version": 1,\n  "modules": { "a.py": { "goals": [] }, },\n}\n');
    expect(doc.lenient).toBe(true);
    expect(doc.keyAt(['modules', 'a.py']).line).toBe(4);
  });

  it('every mistake is one error with line and column', () => {
    expect(errorOf('{\n  "version": 1,\n  "modules": {\n    "a.py": { "goals": ["x"] }\n    "b.py": {}\n  }\n}\n')).toMatchObject({
      message: "JSON syntax error: ',' was expected",
      line: 5,
      column: 5,
    });
    expect(errorOf('')).toMatchObject({ message: 'the file is empty' });
    expect(errorOf('[1]')).toMatchObject({ message: 'the intelligence map must be a JSON object with "version": 1', line: 1 });
    expect(errorOf('{ "version": 2 }')).toMatchObject({ message: 'unsupported version 2', line: 1, column: 14 });
    expect(errorOf('{\n  "version": 1,\n  "modulez": {}\n}')).toMatchObject({ message: "unknown key 'modulez'", line: 3, column: 3, hint: "did you mean 'modules'?" });
    expect(errorOf('{\n  "version": 1,\n  "goals": { "g": { "criticalPaths": ["FETCH /x"] } }\n}')).toMatchObject({
      message: 'goal "g": critical path "FETCH /x" is not METHOD /path',
      line: 3,
      column: 39,
    });
    expect(errorOf('{\n  "version": 1,\n  "goals": { "g": { "criticalPaths": ["/x"] } }\n}')).toMatchObject({ line: 3, column: 39 });
    expect(errorOf('{\n  "version": 1,\n  "modules": { "../etc/passwd": {} }\n}')).toMatchObject({ message: `module "../etc/passwd" leaves the repository root ('..')`, line: 3, column: 16 });
    expect(errorOf('{\n  "version": 1,\n  "modules": { "a.py": {}, "a.py": {} }\n}')).toMatchObject({ message: 'duplicate key "a.py" (first on line 3)', line: 3, column: 28 });
    expect(errorOf('{\n  "version": 1,\n  "truths": [{ "id": "t" }, { "id": "t" }]\n}')).toMatchObject({ message: 'truths: duplicate id "t" (first on line 3)', line: 3, column: 37 });
    expect(errorOf('{\n  "version": 1,\n  "evolution": { "immediate": [ { "item": "x", "status": "finished" } ] }\n}')).toMatchObject({
      message: '\'evolution.immediate[0].status\' must be one of planned, in-progress, done, dropped, not "finished"',
      line: 3,
      column: 58,
    });
    expect(errorOf('{\n  "version": 1,\n  "resilience": [ { "modules": [] } ]\n}')).toMatchObject({ message: "'resilience[0]': missing required key 'id'", line: 3, column: 19 });
  });

  it('keeps fields a person added anywhere in entries, and x- keys at the top', () => {
    const doc = load('{ "version": 1, "x-team": "core", "modules": { "a.py": { "goals": [], "owner": "ana" } } }');
    expect(doc.data.modules!['a.py']!.owner).toBe('ana');
    expect(doc.data['x-team']).toBe('core');
  });

  it('a key one typo away from a known one is refused, not kept as a note', () => {
    expect(errorOf('{\n  "version": 1,\n  "modules": { "a.py": { "goal": ["auth"] } }\n}')).toMatchObject({
      message: `'modules["a.py"]': unknown key 'goal'`,
      line: 3,
      column: 26,
      hint: expect.stringMatching(/^did you mean 'goals'\?/),
    });
    expect(errorOf('{\n  "version": 1,\n  "goals": { "g": { "criticalPath": [] } }\n}')).toMatchObject({ message: `'goals.g': unknown key 'criticalPath'`, line: 3 });
  });
});
