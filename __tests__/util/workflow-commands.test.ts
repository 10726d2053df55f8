import { describe, expect, it } from 'vitest';
import { neutraliseCommands, neutraliseCommandsInJson, neutralisingStream } from '../../src/util/workflow-commands.js';
import { sink } from '../helpers.js';

/** What the runner would take for a command: `::` after leading white space, or `##[` anywhere. */
const isCommand = (line: string): boolean => /^[\s\u0085]*::/.test(line) || line.includes('##[');
const lines = (s: string): string[] => s.split(/\r\n|\r|\n/);

describe('neutraliseCommands', () => {
  it('breaks `::` at the start of every line, after any white space the runner trims, and `##[` anywhere', () => {
    const text = '::error::a\nok\r  ::add-mask::b\r\n\u00a0\u0085\t::stop-commands::c\nx ##[add-mask]d\n:::warning::e';
    const out = neutraliseCommands(text);
    expect(lines(out).filter(isCommand)).toEqual([]);
    expect(lines(out)).toHaveLength(lines(text).length); // line breaks kept as they were
    expect(out.replace(/\u200b/g, '')).toBe(text); // only zero-width spaces added: the text reads the same
  });

  it('leaves text without commands untouched (a `::` inside a line is harmless)', () => {
    for (const s of ['', 'plain', 'a::b', 'std::io::Result', '# ::error:: in a comment', 'C# [x]']) expect(neutraliseCommands(s)).toBe(s);
  });
});

describe('neutraliseCommandsInJson', () => {
  it('keeps the data: JSON.parse gives back the exact strings', () => {
    const data = { file: '##[stop-commands]x/a.py', list: ['::error::y', 'a\n::warning::z'] };
    const json = JSON.stringify(data, null, 2);
    const out = neutraliseCommandsInJson(json);
    expect(lines(out).filter(isCommand)).toEqual([]);
    expect(JSON.parse(out)).toEqual(data);
  });
});

describe('neutralisingStream', () => {
  it('neutralises every string written', () => {
    const s = sink();
    neutralisingStream(s.stream).write('a\n::error::b\n');
    expect(lines(s.text()).filter(isCommand)).toEqual([]);
  });
});
