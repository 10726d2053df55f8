import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { exitWhenFlushed } from '../../src/util/exit.js';

/** A stream with `pending` bytes not yet written out. */
function stream(pending: number) {
  const s = Object.assign(new EventEmitter(), { writableLength: pending });
  return s as unknown as NodeJS.WriteStream & EventEmitter & { writableLength: number };
}

const saved = process.exitCode;
afterEach(() => {
  process.exitCode = saved;
});

describe('leaving once the output is out', () => {
  it('exits at once when nothing is pending, with the code', async () => {
    const exits: number[] = [];
    await exitWhenFlushed(3, [stream(0), stream(0)], (c) => exits.push(c));
    expect(exits).toEqual([3]);
    expect(process.exitCode).toBe(3);
  });

  it('waits for every stream with pending output to drain', async () => {
    const exits: number[] = [];
    const out = stream(10);
    const err = stream(5);
    const done = exitWhenFlushed(1, [out, err], (c) => exits.push(c));
    await new Promise((r) => setImmediate(r));
    expect(exits).toEqual([]);
    out.emit('drain');
    await new Promise((r) => setImmediate(r));
    expect(exits).toEqual([]);
    err.emit('drain');
    await done;
    expect(exits).toEqual([1]);
  });
});
