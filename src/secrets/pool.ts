import { Worker } from 'node:worker_threads';
import { crc32 } from 'node:zlib';
import { createJudge } from './judge.js';
import { createScanner, type Scanner } from './core.js';
import type { ItemResult, ScanItem, ScanSpec } from './types.js';

/**
 * Scanning across cores. The bundle is one ESM file per entry, so a worker cannot import our
 * modules: it is started from source text (`eval: true`) made of the two self-contained factories
 * (`createJudge`, `createScanner`) and a message loop, like the regex pool in util/safe-regex.ts.
 *
 * Work travels as batches: many small files (or one chunk of a large file) concatenated into one
 * ArrayBuffer (one message, one copy); the worker decodes, skips binaries and scans.
 * A batch that overruns its time budget (a catastrophic pattern from a user's rules file) kills
 * its worker; the batch is retried file by file and a file that still overruns is reported as
 * not scanned.
 */

/** One piece of text in a batch: where its bytes are, and how to read them. */
export interface BatchEntry {
  item: ScanItem;
  offset: number;
  length: number;
  /** Bytes of the entry that belong to it; the rest is overlap with the next chunk. */
  main: number;
  /** Check for binary content (NUL in the first 8 KiB) and strip a BOM: whole files and first chunks. */
  head: boolean;
}

export interface Batch {
  entries: BatchEntry[];
  buffer: ArrayBuffer;
}

export interface BatchResult {
  results: ItemResult[];
  /** Files that could not be scanned within the time budget. */
  timedOut: string[];
  /** Files of a batch that overran after the pool gave up retrying file by file (see ScanPool). */
  gaveUp?: string[];
}

/** Decode and scan one batch (runs in a worker, or in the main thread for small scans). */
function scanBatch(scanner: Scanner, entries: BatchEntry[], buffer: ArrayBuffer): ItemResult[] {
  const out: ItemResult[] = [];
  for (const e of entries) {
    const bytes = Buffer.from(buffer, e.offset, e.length);
    if (e.head) {
      const n = Math.min(bytes.length, 8192);
      let binary = false;
      for (let i = 0; i < n; i++) if (bytes[i] === 0) binary = true;
      if (binary) {
        out.push({ file: e.item.file, binary: true, candidates: [] });
        continue;
      }
    }
    let main = bytes.toString('utf8', 0, e.main);
    if (e.head && main.charCodeAt(0) === 0xfeff) main = main.slice(1);
    const text = e.main < e.length ? main + bytes.toString('utf8', e.main) : main;
    const item = { ...e.item, reportBefore: main.length };
    out.push({ file: e.item.file, binary: false, candidates: scanner.scan(text, item) });
  }
  return out;
}

const workerSource = (): string => `
const { parentPort, workerData } = require('node:worker_threads');
const { crc32 } = require('node:zlib');
const createJudge = (${String(createJudge)});
const createScanner = (${String(createScanner)});
const scanBatch = (${String(scanBatch)});
const scanner = createScanner(workerData.spec, createJudge((s) => crc32(s)));
parentPort.on('message', ({ id, entries, buffer }) => {
  parentPort.postMessage({ id, results: scanBatch(scanner, entries, buffer) });
});
`;

interface Job {
  batch: Batch;
  bytes: number;
  /** A retry of one file of a batch that overran: an overrun now means "not scanned". */
  single: boolean;
  resolve: (r: BatchResult) => void;
}

interface Slot {
  worker: Worker;
  busy: boolean;
}

export class ScanPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly local: Scanner;
  private nextId = 1;
  private source?: string;

  constructor(
    private readonly spec: ScanSpec,
    private readonly threads: number,
    /** Time budget of a batch: a base plus a rate per MiB. */
    private readonly budget = { baseMs: 20_000, perMiBMs: 5_000 },
  ) {
    this.local = createScanner(
      spec,
      createJudge((s) => crc32(s)),
    );
  }

  /**
   * Files that overran on their own. After `MAX_OVERRUNS` of them the pool stops retrying: a
   * catastrophic pattern would otherwise cost the whole budget once per file (40 files, minutes).
   * The files of a batch that overruns from then on, and retries still queued, are given up.
   */
  private overruns = 0;
  private static readonly MAX_OVERRUNS = 3;

  private get givingUp(): boolean {
    return this.overruns >= ScanPool.MAX_OVERRUNS;
  }

  /** Scan in this thread (small scans: no worker start-up; never with a user's patterns). */
  scanHere(batch: Batch): BatchResult {
    return { results: scanBatch(this.local, batch.entries, batch.buffer), timedOut: [] };
  }

  /** Scan in a worker; resolves when done. Batches beyond the free workers wait in a queue. */
  scan(batch: Batch): Promise<BatchResult> {
    return this.enqueue(batch, false);
  }

  /** Batches queued or running (for back-pressure). */
  get pending(): number {
    return this.queue.length + this.slots.filter((s) => s.busy).length;
  }

  private enqueue(batch: Batch, single: boolean): Promise<BatchResult> {
    return new Promise((resolve) => {
      this.queue.push({ batch, bytes: batch.buffer.byteLength, single, resolve });
      this.pump();
    });
  }

  private spawn(): Worker {
    this.source ??= workerSource();
    const worker = new Worker(this.source, { eval: true, workerData: { spec: this.spec } });
    worker.unref();
    this.online.set(worker, new Promise<void>((resolve) => worker.once('online', () => resolve())));
    return worker;
  }

  /** Per worker: resolves when it runs. A batch's budget starts then, not while a fresh worker boots (slow on a loaded runner). */
  private readonly online = new WeakMap<Worker, Promise<void>>();

  private pump(): void {
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      if (head.single && this.givingUp) {
        this.queue.shift();
        head.resolve({ results: [], timedOut: [], gaveUp: filesOf(head.batch) });
        continue;
      }
      let slot = this.slots.find((s) => !s.busy);
      if (!slot) {
        if (this.slots.length >= Math.max(1, this.threads)) return;
        slot = { worker: this.spawn(), busy: false };
        this.slots.push(slot);
      }
      this.run(slot, this.queue.shift()!);
    }
  }

  private run(slot: Slot, job: Job): void {
    slot.busy = true;
    const id = this.nextId++;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let finished = false;
    const done = (): void => {
      finished = true;
      clearTimeout(timer);
      slot.worker.off('message', onMessage);
      slot.worker.off('error', onError);
      slot.busy = false;
    };
    const overrun = (): void => {
      done();
      void slot.worker.terminate();
      slot.worker = this.spawn();
      if (job.single || job.batch.entries.length === 1) {
        this.overruns++;
        job.resolve({ results: [], timedOut: filesOf(job.batch) });
      } else if (this.givingUp) {
        job.resolve({ results: [], timedOut: [], gaveUp: filesOf(job.batch) });
      } else {
        void this.retrySingly(job).then(job.resolve);
      }
      this.pump();
    };
    const onMessage = (msg: { id: number; results: ItemResult[] }): void => {
      if (msg.id !== id) return;
      done();
      job.resolve({ results: msg.results, timedOut: [] });
      this.pump();
    };
    const onError = (): void => {
      // A worker that fails (it could not start, or threw) is replaced. With built-in rules only,
      // the batch is scanned here instead; a user's patterns never run in this thread.
      if (this.spec.rules.some((r) => r.custom)) return overrun();
      done();
      void slot.worker.terminate();
      slot.worker = this.spawn();
      job.resolve(this.scanHere(job.batch));
      this.pump();
    };
    const budgetMs = this.budget.baseMs + (job.bytes / 1048576) * this.budget.perMiBMs;
    void (this.online.get(slot.worker) ?? Promise.resolve()).then(() => {
      if (!finished) timer = setTimeout(overrun, budgetMs);
    });
    slot.worker.on('message', onMessage);
    slot.worker.on('error', onError);
    // Copied, not transferred: a batch that overruns is retried file by file from this copy.
    slot.worker.postMessage({ id, entries: job.batch.entries, buffer: job.batch.buffer });
  }

  private async retrySingly(job: Job): Promise<BatchResult> {
    const parts = await Promise.all(
      job.batch.entries.map((e) => {
        const buffer = job.batch.buffer.slice(e.offset, e.offset + e.length);
        return this.enqueue({ entries: [{ ...e, offset: 0 }], buffer }, true);
      }),
    );
    return { results: parts.flatMap((p) => p.results), timedOut: parts.flatMap((p) => p.timedOut), gaveUp: parts.flatMap((p) => p.gaveUp ?? []) };
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }
}

function filesOf(batch: Batch): string[] {
  return [...new Set(batch.entries.map((e) => e.item.file))];
}
