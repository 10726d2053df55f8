import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { atFileEnd } from '../cleanup.js';

export const REPO = path.resolve(new URL('../..', import.meta.url).pathname);
export const DIST = path.join(REPO, 'dist');

export function requireDist(): void {
  for (const f of ['index.js', 'cli.js']) {
    if (!existsSync(path.join(DIST, f))) throw new Error(`dist/${f} is missing: run npm run bundle first`);
  }
}

export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  annotations: { level: string; props: Record<string, string>; message: string }[];
  dir: string;
}

/**
 * Run dist/index.js the way the runner does: every input of action.yml set from its default
 * (INPUT_<NAME> upper-cased, dashes kept), overridden by `inputs`, with GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE, GITHUB_EVENT_PATH and friends.
 */
export function runAction(workspace: string, inputs: Record<string, string>, opts: { event?: object; eventName?: string; env?: Record<string, string> } = {}): ActionRun {
  requireDist();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'la-runner-'));
  atFileEnd(() => rmSync(dir, { recursive: true, force: true }));
  const outputFile = path.join(dir, 'output');
  const summaryFile = path.join(dir, 'summary');
  const eventFile = path.join(dir, 'event.json');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  writeFileSync(eventFile, JSON.stringify(opts.event ?? {}));
  const action = parse(readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: opts.eventName ?? 'pull_request',
    GITHUB_REPOSITORY: 'acme/pulse',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    RUNNER_TEMP: dir,
    ...opts.env,
  };
  for (const [name, spec] of Object.entries(action.inputs)) {
    const value = name in inputs ? inputs[name]! : (spec.default ?? '').replace('${{ github.token }}', 'ghs_fakeTokenForTests000000000000000000');
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  const r = spawnSync(process.execPath, [path.join(DIST, 'index.js')], { cwd: workspace, env, encoding: 'utf8', timeout: 120_000 });
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    annotations: parseAnnotations(r.stdout),
    dir,
  };
}

/** The GITHUB_OUTPUT file format: `name<<DELIM\nvalue\nDELIM\n` (or `name=value`). */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delim) value.push(lines[i]!);
      out[name!] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

export function parseAnnotations(stdout: string): ActionRun['annotations'] {
  const list: ActionRun['annotations'] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const props: Record<string, string> = {};
    for (const kv of (m[2] ?? '').split(',').filter(Boolean)) {
      const i = kv.indexOf('=');
      props[kv.slice(0, i)] = decodeURIComponent(
        kv
          .slice(i + 1)
          .replace(/%2C/g, ',')
          .replace(/%3A/g, ':'),
      );
    }
    list.push({ level: m[1]!, props, message: m[3]!.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%') });
  }
  return list;
}

export function runCli(args: string[], cwd: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  requireDist();
  const r = spawnSync(process.execPath, [path.join(DIST, 'cli.js'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
