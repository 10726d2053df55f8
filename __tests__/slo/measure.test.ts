import { describe, expect, it } from 'vitest';
import { jsonPathSteps, nearestRank, readJsonPath, statusOk } from '../../src/slo/measure.js';

describe('measures', () => {
  it('nearest rank: the value at rank ⌈p/100 × n⌉ of the sorted values', () => {
    const v = [15, 20, 35, 40, 50];
    expect([5, 30, 40, 50, 95, 100].map((p) => nearestRank(v, p))).toEqual([15, 20, 20, 35, 50, 50]);
    expect(nearestRank([3, 1, 2], 0)).toBe(1);
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect([nearestRank(hundred, 95), nearestRank(hundred, 99), nearestRank(hundred, 99.9)]).toEqual([95, 99, 100]);
    expect(() => nearestRank([], 50)).toThrow();
  });

  it('expected statuses: codes and classes', () => {
    expect(statusOk(200, ['2xx'])).toBe(true);
    expect(statusOk(204, [200])).toBe(false);
    expect(statusOk(301, [200, '3xx'])).toBe(true);
    expect(statusOk(0, ['2xx'])).toBe(false);
  });

  it('JSON paths: dots, indexes, quoted keys, a leading $', () => {
    const doc = { database: { pool: { utilization: 0.5 } }, checks: [{ value: 3 }], 'a.b': { c: 1 } };
    expect(readJsonPath(doc, 'database.pool.utilization')).toBe(0.5);
    expect(readJsonPath(doc, '$.checks[0].value')).toBe(3);
    expect(readJsonPath(doc, 'checks.0.value')).toBe(3);
    expect(readJsonPath(doc, '["a.b"].c')).toBe(1);
    expect(readJsonPath(doc, 'database.nope.x')).toBeUndefined();
    expect(jsonPathSteps("$.x['y z'][2]")).toEqual(['x', 'y z', 2]);
    expect(() => jsonPathSteps('a..b')).toThrow('cannot read the JSON path "a..b" at "..b"');
  });
});
