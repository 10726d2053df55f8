/**
 * Bytes to text, the one way every reader does it: UTF-8 (a byte-order mark removed), UTF-16
 * LE/BE when a byte-order mark says so (Windows editors and PowerShell write them), otherwise a
 * NUL byte in the first 8 KiB means binary (git's heuristic). Also file names that are not UTF-8.
 */

/** The UTF-16 encoding a byte-order mark announces, or null. */
export function utf16Bom(buf: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return 'utf-16le';
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return 'utf-16be';
  return null;
}

/** Binary: a NUL byte in the first 8 KiB, unless a UTF-16 byte-order mark explains it. */
export function isBinary(buf: Buffer): boolean {
  return utf16Bom(buf) === null && buf.subarray(0, 8192).indexOf(0) !== -1;
}

/** The text of a file, or null when it is binary. */
export function decodeText(buf: Buffer): string | null {
  const utf16 = utf16Bom(buf);
  if (utf16) return new TextDecoder(utf16).decode(buf); // the decoder drops the byte-order mark
  if (buf.subarray(0, 8192).indexOf(0) !== -1) return null;
  const text = buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A UTF-16 file re-encoded as UTF-8 (for the byte-oriented secrets scanner); other buffers as they are. */
export function asUtf8(buf: Buffer): Buffer {
  const utf16 = utf16Bom(buf);
  return utf16 ? Buffer.from(new TextDecoder(utf16).decode(buf), 'utf8') : buf;
}

// ignoreBOM: a name's bytes are kept as they are (a leading U+FEFF is part of the name, not a mark).
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A file name's bytes as a string, or null when they are not valid UTF-8 (nothing can open it by a string path). */
export function utf8Name(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/** A name that is not UTF-8, printable: valid UTF-8 runs kept, other bytes as `\xNN` (e.g. `caf\xe9.txt`). */
export function escapeName(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    const seq = len > 0 && i + len <= bytes.length ? utf8Name(bytes.subarray(i, i + len)) : null;
    if (seq !== null && (len > 1 || (b >= 0x20 && b !== 0x7f && b !== 0x5c))) {
      out += seq;
      i += len;
    } else {
      out += b === 0x5c ? '\\\\' : `\\x${b.toString(16).padStart(2, '0')}`;
      i++;
    }
  }
  return out;
}
