import { describe, expect, it } from 'vitest';
import { countLines } from '../../src/checks/max-lines.js';
import { runOn } from '../run.js';

describe('max-lines', () => {
  it('counts lines like wc -l plus an unterminated last line', () => {
    expect(countLines(Buffer.from(''))).toBe(0);
    expect(countLines(Buffer.from('a'))).toBe(1);
    expect(countLines(Buffer.from('a\n'))).toBe(1);
    expect(countLines(Buffer.from('a\r\nb'))).toBe(2);
  });

  it('flags files over the limit at the first line past it; binary files are ignored', async () => {
    const { report } = await runOn(
      { 'backend/main.py': 'x\n'.repeat(12), 'backend/ok.py': 'x\n'.repeat(10), 'backend/blob.py': Buffer.from([0, 1, 2, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10]) },
      'version: 1\nguardrails:\n  - id: size\n    severity: warning\n    check: max-lines\n    paths: ["backend/**/*.py"]\n    max: 10\n',
    );
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ file: 'backend/main.py', line: 11, level: 'warning' });
    expect(report.findings[0]!.message).toBe('backend/main.py has 12 lines, over the limit of 10 (2 too many). Split it into smaller modules.');
    expect(report.result).toBe('pass'); // warnings do not fail fail-on: error
  });

  it('a 50 MB one-line file is measured without trouble', async () => {
    const { report } = await runOn({ 'min.js': 'a'.repeat(50 * 1024 * 1024) }, 'version: 1\nguardrails:\n  - id: size\n    check: max-lines\n    paths: [min.js]\n    max: 1\n');
    expect(report.findings).toHaveLength(0);
  });
});
