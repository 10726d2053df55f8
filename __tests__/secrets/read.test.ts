import { describe, expect, it } from 'vitest';
import { BINARY_EXTENSIONS, binaryByName } from '../../src/secrets/read.js';

describe('binaryByName', () => {
  it('is true exactly when the last extension, in either case, is a binary one', () => {
    const exts = [...BINARY_EXTENSIONS, 'py', 'ts', 'mo', 'txt', 'jpeg2', 'sqlite4', 'x', '', 'PNG', 'Png', 'SQLite3', 'tar.gz', 'p-ng', 'pñg', 'a1b2c3d4e'];
    const names = exts.flatMap((e) => [`file.${e}`, `dir/sub/file.${e}`, `.${e}`, `dir.${e}/file`, `dir.${e}/file.txt`, `a.b.${e}`]);
    for (const n of [...names, 'README', 'dir/', 'x.', '']) {
      const slash = n.lastIndexOf('/');
      const dot = n.lastIndexOf('.');
      const plain = dot > slash && BINARY_EXTENSIONS.includes(n.slice(dot + 1).toLowerCase());
      expect([n, binaryByName(n)]).toEqual([n, plain]);
    }
  });
});
