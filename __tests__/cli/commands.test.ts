import { describe, expect, it } from 'vitest';
import { DEFAULT_STALE_DAYS } from '../../src/baseline/file.js';
import { DEFAULT_BASELINE } from '../../src/cli/baseline.js';
import { COMMANDS, COMMON_FLAGS, colorWanted, commandHelp, mainHelp, parseFlags } from '../../src/cli/commands.js';
import { DEFAULT_CONFIG, main } from '../../src/cli/main.js';
import { MIN_NODE_MAJOR, nodeTooOld } from '../../src/cli/node-version.js';
import { DEFAULT_MAP } from '../../src/map/load.js';
import { DEFAULT_SLO } from '../../src/slo/load.js';
import { sink, tmpRepo } from '../helpers.js';

async function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, isTTY = false) {
  const out = sink();
  const err = sink();
  const code = await main(args, { stdout: out.stream, stderr: err.stream, cwd, env: { PATH: process.env.PATH, ...env }, isTTY });
  return { code, out: out.text(), err: err.text() };
}

const flagsOf = (name: string) => [...COMMANDS.find((c) => c.name === name)!.flags, ...COMMON_FLAGS];

describe('the CLI table: one source for the parsers and the help', () => {
  it('--help names every command and every flag each parser accepts (suggest --out included)', () => {
    const help = mainHelp('9.9.9');
    for (const c of COMMANDS) {
      expect(help).toContain(`living-architecture ${c.name} `);
      const section = help.slice(help.indexOf(`\n${c.name} options:\n`));
      expect(section.length, c.name).toBeLessThan(help.length);
      for (const f of c.flags) {
        expect(section.slice(0, section.indexOf('\n\n', 2)), `${c.name} --${f.name}`).toContain(`--${f.name}${f.value ? ` ${f.value}` : ''}`);
        // …and the parser takes exactly that flag
        expect(() => parseFlags(c.name, f.value ? [`--${f.name}`, 'x'] : [`--${f.name}`]), `${c.name} --${f.name}`).not.toThrow();
      }
    }
    for (const f of COMMON_FLAGS) expect(help).toContain(`--${f.name}`);
    expect(help).toMatch(/^suggest options:\n(?:.*\n)*? {2}--out FILE +write the YAML there/m);
  });

  it('the parser refuses what the table does not list, and says where the options are', () => {
    for (const c of COMMANDS) {
      expect(() => parseFlags(c.name, ['--bogus']), c.name).toThrow(/Unknown option '--bogus'/);
      expect(() => parseFlags(c.name, ['stray']), c.name).toThrow();
    }
    expect(() => parseFlags('map generate', ['--format', 'json'])).toThrow(/Unknown option '--format'/);
  });

  it('every command accepts --no-color, --color and --help', () => {
    for (const c of COMMANDS) {
      for (const f of ['--no-color', '--color', '--help', '-h']) expect(parseFlags(c.name, [f])).toBeTruthy();
      expect(flagsOf(c.name).map((f) => f.name)).toEqual(expect.arrayContaining(['no-color', 'color', 'help']));
    }
  });

  it('colours: the last of --color / --no-color wins, then NO_COLOR, then the terminal', () => {
    expect(colorWanted([], {}, true)).toBe(true);
    expect(colorWanted([], {}, false)).toBe(false);
    expect(colorWanted([], { NO_COLOR: '1' }, true)).toBe(false);
    expect(colorWanted([], { NO_COLOR: '' }, true)).toBe(true);
    expect(colorWanted(['--no-color'], {}, true)).toBe(false);
    expect(colorWanted(['--color'], { NO_COLOR: '1' }, false)).toBe(true);
    expect(colorWanted(['--color', '--no-color'], {}, true)).toBe(false);
    expect(colorWanted(['--no-color', '--color'], {}, false)).toBe(true);
  });

  it('each command help comes from the table', () => {
    expect(commandHelp('suggest')).toMatch(/^living-architecture suggest \[options\]\n/);
    expect(commandHelp('suggest')).toContain('--out FILE');
    expect(commandHelp('slo')).toMatch(/^living-architecture slo probe --base-url URL \[options\]/);
    expect(commandHelp('map')).toContain('living-architecture map generate');
    expect(commandHelp('map')).toContain('living-architecture map diff');
    expect(commandHelp('baseline')).toContain(`default ${DEFAULT_STALE_DAYS})`);
  });

  it("the table's default paths are the ones the commands use", () => {
    const help = mainHelp('x');
    for (const p of [DEFAULT_CONFIG, DEFAULT_BASELINE, DEFAULT_MAP, DEFAULT_SLO]) expect(help).toContain(`<root>/${p}`);
  });
});

describe('--no-color and --color through every door', () => {
  it('routes --no-color and routes --color work (they were refused)', async () => {
    const root = tmpRepo({ 'app.py': 'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/health")\ndef h():\n    return 1\n' });
    for (const flag of ['--no-color', '--color']) {
      const r = await cli(['routes', flag], root);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain('GET     /health');
    }
  });

  it('check: --color colours a piped run, --no-color and NO_COLOR keep a terminal plain', async () => {
    const root = tmpRepo({ 'a.py': 'x = 1\n' });
    // eslint-disable-next-line no-control-regex
    const ansi = /\u001b\[/;
    expect((await cli(['check', '--color'], root)).out).toMatch(ansi);
    expect((await cli(['check'], root, {}, true)).out).toMatch(ansi);
    expect((await cli(['check', '--no-color'], root, {}, true)).out).not.toMatch(ansi);
    expect((await cli(['check'], root, { NO_COLOR: '1' }, true)).out).not.toMatch(ansi);
  });

  it('every subcommand takes the flags (none refuses them as unknown)', async () => {
    const root = tmpRepo({ 'a.py': 'x = 1\n' });
    for (const args of [['check'], ['routes'], ['suggest', '--no-verify'], ['map', 'diff'], ['baseline', 'update', '--baseline', 'b.json']]) {
      for (const flag of ['--no-color', '--color']) {
        const r = await cli([...args, flag], root);
        expect(r.err, `${args.join(' ')} ${flag}`).not.toMatch(/Unknown option/);
        expect([0, 1], `${args.join(' ')} ${flag}: ${r.err}`).toContain(r.code);
      }
    }
    const slo = await cli(['slo', 'probe', '--no-color'], root);
    expect(slo.err).toMatch(/needs --base-url/);
  });
});

describe('the Node.js version guard', () => {
  it('refuses Node.js before 22 in one line, accepts 22 and later', () => {
    expect(MIN_NODE_MAJOR).toBe(22);
    expect(nodeTooOld('20.20.2')).toBe('living-architecture needs Node.js 22 or later (the Action runs on Node.js 24); this is Node.js 20.20.2.');
    expect(nodeTooOld('v18.19.0')).toMatch(/this is Node\.js 18\.19\.0\.$/);
    expect(nodeTooOld('21.7.3')).toMatch(/needs Node\.js 22/);
    for (const ok of ['22.0.0', '22.12.0', '24.21.0', '30.1.0']) expect(nodeTooOld(ok)).toBeUndefined();
    expect(nodeTooOld('garbage')).toMatch(/needs Node\.js 22/);
  });

  it('matches package.json engines', async () => {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(`>=${MIN_NODE_MAJOR}`);
  });
});

describe('docs/cli.md documents the flags the parsers take', () => {
  it("each command's section has a row for each of its flags, and no row for a flag it does not take", async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');
    const sections = doc.split(/^## /m);
    for (const c of COMMANDS) {
      const section = sections.find((s) => s.startsWith(`\`${c.name}\``) || (c.name.startsWith('map ') && s.startsWith('`map generate`')));
      expect(section, c.name).toBeDefined();
      const rows = [...section!.matchAll(/^\| `(--[a-z-]+)/gm)].map((m) => m[1]!.slice(2));
      const names = flagsOf(c.name).map((f) => f.name);
      for (const f of c.flags) expect(rows, `${c.name} --${f.name}`).toContain(f.name);
      for (const r of rows) if (!c.name.startsWith('map ')) expect(names, `${c.name}: docs/cli.md documents --${r}`).toContain(r);
    }
  });
});
