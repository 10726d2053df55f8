import { describe, expect, it } from 'vitest';
import { tooDeepAt } from '../../src/util/json-depth.js';

describe('tooDeepAt', () => {
  it('finds the bracket that opens one level too many, without recursion', () => {
    expect(tooDeepAt('[[[]]]', 3)).toBe(-1);
    expect(tooDeepAt('[[[[]]]]', 3)).toBe(3);
    expect(tooDeepAt(`{"a":${'['.repeat(1_000_000)}`, 256)).toBe(5 + 255);
  });

  it('does not count brackets inside strings (escaped quotes too) or comments', () => {
    expect(tooDeepAt('{"a": "[[[[[[", "b\\"[[[[": 1}', 2)).toBe(-1);
    expect(tooDeepAt('// [[[[[[\n/* {{{{{{ */ [1]', 2)).toBe(-1);
  });
});
