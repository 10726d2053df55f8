import { promises as fs } from 'node:fs';

/**
 * Reading for the scanner: files whose extension says binary are never opened; large files are
 * read in chunks cut at a line end (or, inside a very long line, at a character boundary), each
 * chunk carrying enough of the next one that a secret across the cut is still seen whole.
 */

const BINARY_EXT = new Set(
  'png jpg jpeg gif bmp ico icns webp tif tiff psd xcf heic avif mp3 mp4 m4a m4v mov avi mkv wav ogg oga flac webm aac wma wmv woff woff2 ttf otf eot zip gz tgz bz2 xz zst lz4 7z rar tar jar war ear aar whl egg apk ipa dmg iso img pdf doc docx xls xlsx ppt pptx odt ods odp exe dll so dylib a o obj lib class pyc pyo pyd wasm node sqlite sqlite3 db mdb bin dat pak parquet avro orc npy npz pkl pt pth onnx h5 tflite glb fbx blend'.split(
    ' ',
  ),
);

/** The extensions that say binary (for git pathspecs). */
export const BINARY_EXTENSIONS: readonly string[] = [...BINARY_EXT];

/**
 * An extension of letters and digits (ASCII letters in either case) as a number, or -1: no string
 * is made for each of a large tree's files. Base 37: digits 1–10, letters 11–36.
 */
function packedExtension(file: string, from: number): number {
  if (file.length - from > 8) return -1; // no binary extension is that long
  let n = 0;
  for (let i = from; i < file.length; i++) {
    const c = file.charCodeAt(i);
    const d = c >= 0x30 && c <= 0x39 ? c - 0x2f : c >= 0x61 && c <= 0x7a ? c - 0x56 : c >= 0x41 && c <= 0x5a ? c - 0x36 : -1;
    if (d < 0) return -1;
    n = n * 37 + d;
  }
  return n;
}

const BINARY_PACKED = new Set([...BINARY_EXT].map((e) => packedExtension(e, 0)));

/** True when the file name says the content is binary (we then do not even open it). */
export function binaryByName(file: string): boolean {
  const dot = file.lastIndexOf('.');
  if (dot < 0 || dot < file.lastIndexOf('/')) return false;
  const packed = packedExtension(file, dot + 1);
  return packed > 0 && BINARY_PACKED.has(packed);
}

/** A NUL byte in the first 8 KiB means binary (git's heuristic, as the workspace uses). */
export function looksBinary(buf: Buffer): boolean {
  const n = Math.min(buf.length, 8192);
  for (let i = 0; i < n; i++) if (buf[i] === 0) return true;
  return false;
}

export interface Chunk {
  bytes: Buffer;
  /** Bytes that belong to this chunk; the rest overlaps the next one. */
  main: number;
  lineBase: number;
  columnBase: number;
  head: boolean;
}

/** `at`, moved back (at most 3 bytes) so that it does not cut a UTF-8 sequence. */
function utf8Boundary(buf: Buffer, at: number): number {
  const end = Math.min(at, buf.length);
  let i = end;
  while (i > 0 && end - i < 3 && i < buf.length && (buf[i]! & 0xc0) === 0x80) i--;
  return i < buf.length && (buf[i]! & 0xc0) === 0x80 ? end : i;
}

function countNewlines(buf: Buffer, end: number): number {
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1 && i < end; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * The chunks of a large file, in order. `null` when the file turns out to be binary. The file is
 * opened once; a chunk is `size` bytes (cut back to a line end when there is one in its second
 * half) plus `overlap` bytes of what follows.
 */
export async function* chunksOf(abs: string, size: number, overlap: number): AsyncGenerator<Chunk | null> {
  const fh = await fs.open(abs, 'r');
  try {
    let pos = 0;
    let lineBase = 0;
    let columnBase = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(size + overlap);
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) return;
      const got = buf.subarray(0, bytesRead);
      if (pos === 0 && looksBinary(got)) {
        yield null;
        return;
      }
      let main = bytesRead;
      if (bytesRead > size) {
        const nl = got.lastIndexOf(10, size - 1);
        main = nl >= size / 2 ? nl + 1 : utf8Boundary(got, size);
      }
      const end = main < bytesRead ? utf8Boundary(got, Math.min(bytesRead, main + overlap)) : main;
      yield { bytes: got.subarray(0, end), main, lineBase, columnBase, head: pos === 0 };
      if (main >= bytesRead) return;
      lineBase += countNewlines(got, main);
      const lastNl = got.lastIndexOf(10, main - 1);
      columnBase = lastNl === -1 ? columnBase + got.toString('utf8', 0, main).length : got.toString('utf8', lastNl + 1, main).length;
      pos += main;
    }
  } finally {
    await fh.close();
  }
}
