import { describe, expect, it } from 'vitest';
import { isIsoDate, parseAdr, recordNumber, statusWord } from '../../src/adr/parse.js';

describe('ADR forms', () => {
  it('MADR: front matter status and date, title from the first heading', () => {
    const doc = parseAdr('---\nstatus: "superseded by ADR-0005"\ndate: 2024-02-05\ndeciders: a, b\n---\n\n# Record decisions in MADR\n\n## Context\n\nStatus: not this one\n');
    expect(doc).toEqual({
      form: 'madr',
      status: { text: 'superseded by ADR-0005', line: 2 },
      date: { text: '2024-02-05', line: 3 },
      title: { text: 'Record decisions in MADR', line: 7 },
      supersededBy: { text: 'ADR-0005', line: 2 },
    });
  });

  it('Nygard: Date under the title, the status in its section, "Superseded by" on a later line', () => {
    const text = '# 2. Use PostgreSQL\n\nDate: 2024-02-12\n\n## Status\n\nSuperseded\n\nSuperseded by [5. Use CockroachDB](0005-use-cockroachdb.md)\n\n## Context\n\nAccepted by nobody.\n';
    expect(parseAdr(text)).toEqual({
      form: 'nygard',
      title: { text: '2. Use PostgreSQL', line: 1 },
      date: { text: '2024-02-12', line: 3 },
      status: { text: 'Superseded', line: 7 },
      supersededBy: { text: '[5. Use CockroachDB](0005-use-cockroachdb.md)', line: 9 },
    });
  });

  it('MADR 2: bullets under the title', () => {
    const doc = parseAdr('# Use Markdown ADRs\n\n* Status: **accepted**\n* Deciders: team\n* Date: 2017-12-01\n\n## Context and Problem Statement\n');
    expect(doc).toMatchObject({ form: 'bullets', status: { text: 'accepted', line: 3 }, date: { text: '2017-12-01', line: 5 } });
  });

  it('a record without a status (the reference example 0003)', () => {
    const doc = parseAdr('# 3. Split backend/main.py into routers\n\nDate: 2024-05-20\n\n## Context\n\nThe status of main.py is bad.\n\n## Decision\n');
    expect(doc.status).toBeUndefined();
    expect(doc).toMatchObject({ form: 'nygard', title: { line: 1 }, date: { text: '2024-05-20' } });
  });

  it('status words, record numbers, ISO dates', () => {
    expect(statusWord('**Accepted**')).toBe('accepted');
    expect(statusWord('Superseded by [3](0003-x.md)')).toBe('superseded');
    expect(statusWord('~~Proposed~~ Rejected')).toBe('rejected');
    expect(recordNumber('0003-split-main.md')).toBe(3);
    expect(recordNumber('ADR-012_use-kafka.md')).toBe(12);
    expect(recordNumber('README.md')).toBeNull();
    expect(recordNumber('2024.md')).toBeNull();
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('12 Feb 2024')).toBe(false);
  });
});
