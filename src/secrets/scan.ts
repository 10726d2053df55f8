import os from 'node:os';
import type { Workspace } from '../workspace/workspace.js';
import { ScanPool, type Batch, type BatchEntry, type BatchResult } from './pool.js';
import { binaryByName, chunksOf, looksBinary } from './read.js';
import { asUtf8 } from '../workspace/decode.js';
import type { Candidate, ScanSpec } from './types.js';
import { append } from '../util/array.js';
import { sha256 } from '../util/hash.js';
import { lookupMany, store } from '../facts/source.js';
import { secretsReader } from '../facts/readers.js';

/**
 * Scan files of the workspace: read them (large ones in chunks), pack them into batches and scan
 * the batches in worker threads — or, while the scan is small, in this thread, where starting a
 * worker would cost more than it saves. A scan that uses a user's patterns always runs in
 * workers, where an overrun can be stopped.
 */

export interface ScanOptions {
  /** Worker threads; 0 scans in this thread. Default: one per core, at most 2. */
  threads?: number;
  /** Bytes scanned in this thread before workers start (when no user patterns are involved). */
  inThreadBytes?: number;
  /** Files larger than this are read in chunks of this size. */
  chunkBytes?: number;
  /** What a chunk carries of the next one: longer than any secret. */
  overlapBytes?: number;
  /** Bytes per batch sent to a worker. */
  batchBytes?: number;
  /** Time budget of a batch (base, per MiB). */
  budget?: { baseMs: number; perMiBMs: number };
}

export interface ScanOutcome {
  /** Candidates per file (chunks merged), files without any left out. */
  byFile: Map<string, Candidate[]>;
  scanned: number;
  bytes: number;
  binary: number;
  unreadable: number;
  chunked: number;
  timedOut: string[];
  /** Files not scanned because a pattern overran on too many files before them (the pool gave up). */
  gaveUp: string[];
  /** Worker threads used (0: all in this thread). */
  threads: number;
}

/** Files read ahead of the scan. */
const READ_AHEAD = 16;

/** `LA_SECRETS_THREADS=n` (for measurements and tests): n workers from the first byte (0: this thread only). */
function forcedThreads(): number | undefined {
  const n = Number.parseInt(process.env.LA_SECRETS_THREADS ?? '', 10);
  return Number.isInteger(n) && n >= 0 ? Math.min(n, 8) : undefined;
}

/** `LA_SECRETS_BUDGET_MS=n` (for tests): the base time budget of a batch, instead of 20 s. */
function forcedBudget(): ScanOptions['budget'] {
  const n = Number.parseInt(process.env.LA_SECRETS_BUDGET_MS ?? '', 10);
  return Number.isInteger(n) && n > 0 ? { baseMs: n, perMiBMs: 5_000 } : undefined;
}

/** One worker per core, at most 2. */
export function defaultThreads(): number {
  const forced = forcedThreads();
  if (forced !== undefined) return forced;
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  return cores > 1 ? Math.min(2, cores) : 0;
}

/** Scan `files` (distinct paths of the workspace, as a guardrail selects them) with the rules of `spec`. */
export async function scanFiles(ws: Workspace, files: readonly string[], spec: ScanSpec, opts: ScanOptions = {}): Promise<ScanOutcome> {
  const custom = spec.rules.some((r) => r.custom);
  const threads = Math.max(custom ? 1 : 0, opts.threads ?? defaultThreads());
  const inThread = custom || (opts.threads === undefined && (forcedThreads() ?? 0) > 0) ? 0 : (opts.inThreadBytes ?? 16 * 1048576);
  const chunkBytes = opts.chunkBytes ?? 8 * 1048576;
  const overlap = opts.overlapBytes ?? 128 * 1024;
  const batchBytes = opts.batchBytes ?? 1048576;
  const pool = new ScanPool(spec, threads, opts.budget ?? forcedBudget());
  const out: ScanOutcome = { byFile: new Map(), scanned: 0, bytes: 0, binary: 0, unreadable: 0, chunked: 0, timedOut: [], gaveUp: [], threads: 0 };
  const scannedFiles = new Set<string>();
  const running = new Set<Promise<void>>();
  let parts: { entry: Omit<BatchEntry, 'offset'>; bytes: Buffer }[] = [];
  let partBytes = 0;
  let sentBytes = 0;
  // Files found clean by these rules in an earlier run (same content) are not read again (src/facts/cache.ts).
  const reader = secretsReader(sha256(JSON.stringify(spec)).slice(0, 16));
  const wholeSize = new Map<string, number>();
  let restored = 0;

  /** Files found binary by their content (a whole file's verdict is kept, as a clean one is). */
  const binaryFiles = new Set<string>();
  const collect = (r: BatchResult): void => {
    for (const item of r.results) {
      if (item.binary) {
        out.binary++;
        ws.noteSkipped(item.file, 'binary');
        binaryFiles.add(item.file);
        continue;
      }
      scannedFiles.add(item.file);
      if (item.candidates.length === 0) continue;
      const list = out.byFile.get(item.file);
      if (list) append(list, item.candidates);
      else out.byFile.set(item.file, [...item.candidates]);
    }
    append(out.timedOut, r.timedOut);
    if (r.gaveUp) append(out.gaveUp, r.gaveUp);
  };

  const flush = async (): Promise<void> => {
    if (parts.length === 0) return;
    const buffer = new ArrayBuffer(partBytes);
    const view = new Uint8Array(buffer);
    let offset = 0;
    const entries: BatchEntry[] = [];
    for (const p of parts) {
      view.set(p.bytes, offset);
      entries.push({ ...p.entry, offset });
      offset += p.bytes.length;
    }
    const batch: Batch = { entries, buffer };
    sentBytes += partBytes;
    parts = [];
    partBytes = 0;
    if (threads === 0 || sentBytes <= inThread) {
      collect(pool.scanHere(batch));
      return;
    }
    out.threads = threads;
    const p = pool.scan(batch).then(collect);
    running.add(p);
    void p.finally(() => running.delete(p));
    while (pool.pending > threads * 3) await Promise.race(running);
  };

  const add = async (entry: Omit<BatchEntry, 'offset'>, bytes: Buffer): Promise<void> => {
    parts.push({ entry, bytes });
    partBytes += bytes.length;
    if (partBytes >= batchBytes || parts.length >= 512) await flush();
  };

  type Loaded = { file: string; kind: 'skip' } | { file: string; kind: 'whole'; buf: Buffer } | { file: string; kind: 'big'; abs: string; size: number };
  const load = async (file: string, named: boolean): Promise<Loaded> => {
    if (named) {
      out.binary++;
      ws.noteSkipped(file, 'binary');
      return { file, kind: 'skip' };
    }
    const size = await ws.size(file);
    const abs = ws.resolve(file);
    if (size === null || abs === null) {
      out.unreadable++;
      ws.noteSkipped(file, 'unreadable');
      return { file, kind: 'skip' };
    }
    out.bytes += size;
    if (size > chunkBytes) return { file, kind: 'big', abs, size };
    const raw = await ws.readBytes(file);
    if (!raw) out.unreadable++;
    else wholeSize.set(file, size);
    // UTF-16 (with a byte-order mark, as Windows tools write) is scanned as the text it is.
    return raw ? { file, kind: 'whole', buf: asUtf8(raw) } : { file, kind: 'skip' };
  };

  try {
    // Reads run a few files ahead of the scan, so the disk and the scan overlap.
    const ahead: Promise<Loaded>[] = [];
    let next = 0;
    // Files binary by their name are never read, and their verdict is not their content's: not looked up.
    const byName = new Uint8Array(files.length); // (a loop: Uint8Array.from walks an iterator and copies)
    for (let i = 0; i < files.length; i++) if (binaryByName(files[i]!)) byName[i] = 1;
    const restoredFacts = lookupMany(ws, reader, files, (i) => byName[i] === 0);
    const refill = (): void => {
      while (next < files.length && ahead.length < READ_AHEAD) {
        const clean = restoredFacts[next];
        const named = byName[next] === 1;
        const file = files[next++]!;
        if (clean?.binary) {
          out.bytes += clean.bytes;
          out.binary++;
          ws.noteSkipped(file, 'binary');
        } else if (clean) {
          out.bytes += clean.bytes;
          restored++; // each file is listed once: a count, not a set of 10⁵ names
        } else ahead.push(load(file, named));
      }
    };
    refill();
    while (ahead.length > 0) {
      const l = await ahead.shift()!;
      refill();
      if (l.kind === 'skip') continue;
      const { file } = l;
      if (l.kind === 'whole') {
        await add({ item: { file, lineBase: 0, columnBase: 0, reportBefore: Infinity }, length: l.buf.length, main: l.buf.length, head: true }, l.buf);
        continue;
      }
      out.chunked++;
      try {
        for await (const c of chunksOf(l.abs, chunkBytes, overlap)) {
          if (c === null || (c.head && looksBinary(c.bytes))) {
            out.binary++; // a UTF-16 file over the chunk size too: counted, not read
            ws.noteSkipped(file, 'binary');
            break;
          }
          await add({ item: { file, lineBase: c.lineBase, columnBase: c.columnBase, reportBefore: Infinity }, length: c.bytes.length, main: c.main, head: c.head }, c.bytes);
          await flush();
        }
      } catch {
        out.unreadable++;
        ws.noteSkipped(file, 'unreadable');
      }
    }
    await flush();
    await Promise.all(running);
  } finally {
    await pool.close();
  }
  out.scanned = scannedFiles.size + restored;
  const unfinished = new Set([...out.timedOut, ...out.gaveUp]);
  for (const [file, bytes] of wholeSize) {
    if (scannedFiles.has(file) && !out.byFile.has(file) && !unfinished.has(file)) store(ws, reader, file, { clean: true, bytes });
    else if (binaryFiles.has(file)) store(ws, reader, file, { clean: true, bytes, binary: true });
  }
  return out;
}
