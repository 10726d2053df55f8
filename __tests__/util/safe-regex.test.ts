import { describe, expect, it } from 'vitest';
import { RegexBudget, RegexPool, parseUserRegex } from '../../src/util/safe-regex.js';

describe('parseUserRegex', () => {
  it('translates a leading inline flag group', () => {
    expect(parseUserRegex('(?i)secret')).toEqual({ source: 'secret', flags: 'giu' });
    expect(parseUserRegex('(?ms)a.b', '')).toEqual({ source: 'a.b', flags: 'gmsu' });
  });
  it('falls back to non-unicode mode for patterns only valid there', () => {
    expect(parseUserRegex('a\\-b').flags).toBe('g');
  });
  it('throws a SyntaxError with a readable message', () => {
    expect(() => parseUserRegex('a(b')).toThrow(SyntaxError);
    expect(() => parseUserRegex('(?x)a b')).toThrow(/verbose/);
  });
});

describe('RegexPool', () => {
  it('finds all matches with offsets', async () => {
    const pool = new RegexPool(2000);
    const r = await pool.match(parseUserRegex('print\\(', 'm'), 'a\nprint(1)\n  print(2)\n');
    await pool.close();
    expect(r).toEqual({
      ok: true,
      matches: [
        [2, 6, 'print('],
        [13, 6, 'print('],
      ],
      truncated: false,
    });
  });

  it('stops catastrophic backtracking at the budget and keeps working afterwards', async () => {
    const pool = new RegexPool(300, 1);
    const evil = parseUserRegex('^(a+)+$');
    const text = `${'a'.repeat(40)}!`;
    // 2^40 steps unchecked: without the budget this never returns, and the test timeout fails it
    // (no wall-clock assertion: the machine may be loaded).
    const r = await pool.match(evil, text);
    expect(r).toEqual({ ok: false, reason: 'timeout' });
    const after = await pool.match(parseUserRegex('a!'), text);
    expect(after.ok).toBe(true);
    await pool.close();
  }, 60_000);

  it('caps the number of matches', async () => {
    const pool = new RegexPool(2000, 1, 5);
    const r = await pool.match(parseUserRegex('x'), 'x'.repeat(100));
    await pool.close();
    expect(r.ok && r.matches.length).toBe(5);
    expect(r.ok && r.truncated).toBe(true);
  });

  it('handles a 50 MB single-line file', async () => {
    const pool = new RegexPool(20_000);
    const text = `${'ab'.repeat(25 * 1024 * 1024)}NEEDLE`;
    const r = await pool.match(parseUserRegex('NEEDLE'), text);
    await pool.close();
    expect(r.ok && r.matches[0]![0]).toBe(50 * 1024 * 1024);
  });

  it('a queued match whose skipIf says so resolves skipped without running', async () => {
    const pool = new RegexPool(2000, 1);
    let stop = false;
    const first = pool.match(parseUserRegex('a'), 'aaa');
    const second = pool.match(parseUserRegex('a'), 'aaa', { skipIf: () => stop });
    stop = true;
    expect((await first).ok).toBe(true);
    expect(await second).toEqual({ ok: false, reason: 'skipped' });
    await pool.close();
  });
});

describe('RegexBudget', () => {
  it('a pattern stays live until its timeouts reach the limit, and counts what was not checked', () => {
    const b = new RegexBudget(2);
    const evil = parseUserRegex('^(a+)+$');
    const fine = parseUserRegex('x');
    b.record(evil, 'timeout');
    expect(b.live(evil)).toBe(true);
    b.record(evil, 'timeout');
    expect(b.live(evil)).toBe(false);
    expect(b.live(fine)).toBe(true);
    b.record(evil, 'skipped');
    b.record(evil, 'skipped');
    expect(b.gaveUp([evil, fine, evil])).toEqual([{ re: evil, timedOut: 2, notChecked: 2, byTotal: false }]);
  });

  it('the guardrail total stops every pattern, many slow patterns included', () => {
    const b = new RegexBudget(3, 4);
    const slow = ['(a+)+$', '(b+)+$', '(c+)+$'].map((p) => parseUserRegex(p));
    const fine = parseUserRegex('x');
    for (const re of [slow[0]!, slow[1]!, slow[2]!, slow[0]!]) b.record(re, 'timeout');
    expect([...slow, fine].map((re) => b.live(re))).toEqual([false, false, false, false]);
    b.record(fine, 'skipped');
    b.record(slow[1]!, 'skipped');
    // a pattern stopped with nothing left to check is not reported
    expect(b.gaveUp([...slow, fine]).map((g) => [g.re.source, g.timedOut, g.notChecked, g.byTotal])).toEqual([
      ['(b+)+$', 1, 1, true],
      ['x', 0, 1, true],
    ]);
  });
});
