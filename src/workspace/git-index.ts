import path from 'node:path';
import { type IdList, PackedIds } from './blob-ids.js';
import { escapeName, utf8Name } from './decode.js';
import { readAhead, readWhole } from '../util/read-whole.js';

/**
 * The tracked files of a work tree read from git's index file itself (`<git dir>/index`), instead
 * of through `git ls-files -s`: on a tree of 10⁵ files the text of that command (7 MB through a
 * pipe, gathered, decoded and split) cost the run about three times what reading the index does.
 *
 * Only the index git writes by default is read: versions 2 to 4 with SHA-1 ids, whole (no split
 * index, no sparse directories), every entry and extension within the file and the last ending
 * where the trailing checksum starts. Anything else (a SHA-256 repository, a split or sparse index,
 * a file cut short or changed while read) gives null, and the caller asks git. The trailing SHA-1
 * is not recomputed: git itself checks it only in `git fsck` (since 2.13: a33fc72fe91,
 * "read-cache: force_verify_index_checksum"), and every other git command believes the entries as
 * this reader does; a SHA-1 of 9 MB cost a warm run of a 10⁵-file tree 35 ms of its main thread.
 * The format: Documentation/gitformat-index.txt.
 */
export interface IndexEntries {
  /** Each path once, from the top of the work tree (conflict stages come together), in index order. */
  names: string[];
  /** 1 where the name is valid UTF-8; 0 where it is not (the name is then escaped, `caf\xe9.txt`). */
  valid: Uint8Array;
  /**
   * The blob id of a regular file at stage 0 that git will vouch for: not a link, a submodule or a
   * conflict, and none of the flags under which git does not compare the work tree's copy
   * (assume-valid, skip-worktree) or holds no content yet (intent-to-add). Null otherwise.
   */
  ids: IdList;
}

const SIGNATURE = 0x44495243; // 'DIRC'
const HEADER = 12;
const ID = 20; // SHA-1
const TRAILER = ID;
/** Larger than any index git writes for a tree we could scan; larger files are left to git. */
const MAX_BYTES = 1 << 30;

// flags (16 bits after the id)
const ASSUME_VALID = 0x8000;
const EXTENDED = 0x4000;
const STAGE = 0x3000;
const NAME_LENGTH = 0x0fff;
// extended flags (version 3 and later)
const SKIP_WORKTREE = 0x4000;
const INTENT_TO_ADD = 0x2000;

const REGULAR = 0o100644;
const EXECUTABLE = 0o100755;

/** Extensions that change what the entries mean: a split index (`link`) or sparse directory entries (`sdir`). */
const UNSUPPORTED_EXTENSIONS = new Set(['link', 'sdir']);

export async function readGitIndex(gitDir: string): Promise<IndexEntries | null> {
  const buf = await readWhole(path.join(gitDir, 'index'), MAX_BYTES);
  return typeof buf === 'string' ? null : parseGitIndex(buf);
}

/** Start reading the index of `gitDir` for a later readGitIndex (the CLI's door: src/workspace/prefetch.ts). */
export function readGitIndexAhead(gitDir: string): void {
  readAhead(path.join(gitDir, 'index'), MAX_BYTES);
}

/** The entries of an index file's bytes, or null when it is not one this reader vouches for (see above). */
export function parseGitIndex(buf: Buffer): IndexEntries | null {
  if (buf.length < HEADER + TRAILER || buf.readUInt32BE(0) !== SIGNATURE) return null;
  const version = buf.readUInt32BE(4);
  if (version < 2 || version > 4) return null;
  const count = buf.readUInt32BE(8);
  const end = buf.length - TRAILER;
  // Every entry takes more than 62 bytes (stat data, id, flags, a name and its end): a count beyond that is a lie.
  if (count > (end - HEADER) / 63) return null;

  const names: string[] = [];
  const valid = new Uint8Array(count); // (entries of a conflicted path make fewer names: cut at the end)
  // the ids end to end, made hex in one go at the end (PackedIds)
  const raw = Buffer.alloc(count * ID);
  const present = new Uint8Array(count);
  let last: string | undefined;
  let prev: Buffer = Buffer.alloc(0); // version 4: the previous entry's name, whose prefix the next one shares
  let p = HEADER;
  for (let i = 0; i < count; i++) {
    const entry = p;
    if (entry + 62 > end) return null;
    const mode = buf.readUInt32BE(entry + 24);
    const flags = buf.readUInt16BE(entry + 60);
    let ext = 0;
    let at = entry + 62;
    if (flags & EXTENDED) {
      if (version < 3 || at + 2 > end) return null;
      ext = buf.readUInt16BE(at);
      at += 2;
    }
    // the name's bytes: src[from, to)
    let src = buf;
    let from = at;
    let to: number;
    if (version === 4) {
      // A varint (git's offset encoding): how many bytes of the previous name to drop; then the rest, NUL-ended.
      let drop = 0;
      let b: number;
      let k = 0;
      do {
        if (at >= end || ++k > 5) return null;
        b = buf[at++]!;
        drop = k === 1 ? b & 0x7f : ((drop + 1) * 128) | (b & 0x7f);
      } while (b & 0x80);
      if (drop > prev.length) return null;
      const nul = buf.indexOf(0, at);
      if (nul === -1 || nul >= end) return null;
      src = prev = Buffer.concat([prev.subarray(0, prev.length - drop), buf.subarray(at, nul)]);
      from = 0;
      to = prev.length;
      p = nul + 1;
    } else {
      const stated = flags & NAME_LENGTH;
      to = stated === NAME_LENGTH ? buf.indexOf(0, at + NAME_LENGTH) : at + stated; // (4095 bytes or more: up to the NUL)
      if (to === -1 || to >= end || buf[to] !== 0) return null;
      // 1 to 8 NUL bytes pad the entry to a multiple of eight bytes
      const next = entry + ((to - entry + 8) & ~7);
      if (next > end) return null;
      for (let j = to; j < next; j++) if (buf[j] !== 0) return null;
      p = next;
    }
    if (to === from) return null;
    let ascii = true;
    for (let j = from; j < to && ascii; j++) ascii = src[j]! < 0x80;
    const decoded = ascii ? src.toString('latin1', from, to) : utf8Name(src.subarray(from, to));
    const text = decoded ?? escapeName(src.subarray(from, to));
    if (text === last) continue; // another stage of a conflicted path
    last = text;
    if (decoded !== null) valid[names.length] = 1;
    names.push(text);
    const vouched = decoded !== null && (flags & (STAGE | ASSUME_VALID)) === 0 && (ext & (SKIP_WORKTREE | INTENT_TO_ADD)) === 0 && (mode === REGULAR || mode === EXECUTABLE);
    if (vouched) {
      const k = names.length - 1;
      buf.copy(raw, k * ID, entry + 40, entry + 40 + ID);
      present[k] = 1;
    }
  }
  // Extensions: a signature, a size, the data; what changes the entries' meaning is left to git.
  while (p < end) {
    if (p + 8 > end) return null;
    const sig = buf.toString('latin1', p, p + 4);
    const size = buf.readUInt32BE(p + 4);
    if (UNSUPPORTED_EXTENSIONS.has(sig) || p + 8 + size > end) return null;
    p += 8 + size;
  }
  return { names, valid: valid.subarray(0, names.length), ids: new PackedIds(raw.toString('hex', 0, names.length * ID), ID * 2, present) };
}
