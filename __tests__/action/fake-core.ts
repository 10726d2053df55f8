import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { ActionCore, AnnotationProps } from '../../src/action/main.js';
import { tmpRepo } from '../helpers.js';

const REPO = path.resolve(__dirname, '..', '..');

export interface LogLine {
  level: 'info' | 'debug' | 'notice' | 'warning' | 'error';
  message: string;
  props?: AnnotationProps;
}

/** A stand-in for @actions/core that records what the Action does with it. */
export interface FakeCore extends ActionCore {
  outputs: Record<string, string>;
  /** Messages given to setFailed, in order. */
  failed: string[];
  secrets: string[];
  log: LogLine[];
  /** The notice, warning and error annotations, in order. */
  annotations: () => LogLine[];
}

/** action.yml's inputs with their defaults, as the runner passes them (github-token empty: no API call). */
function actionDefaults(): Record<string, string> {
  const action = parse(readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) out[name] = name === 'github-token' ? '' : (spec.default ?? '');
  return out;
}

/**
 * A fake core with action.yml's defaults overridden by `inputs`. getInput and setOutput behave as
 * the real ones do: an input is trimmed and '' when unset; an output that is not a string is JSON.
 */
export function fakeCore(inputs: Record<string, string> = {}): FakeCore {
  const values = { ...actionDefaults(), ...inputs };
  const log: LogLine[] = [];
  const fake: FakeCore = {
    outputs: {},
    failed: [],
    secrets: [],
    log,
    annotations: () => log.filter((l) => l.level === 'notice' || l.level === 'warning' || l.level === 'error'),
    getInput: (name) => (values[name] ?? '').trim(),
    setOutput: (name, value) => {
      fake.outputs[name] = typeof value === 'string' ? value : JSON.stringify(value);
    },
    setSecret: (s) => {
      fake.secrets.push(s);
    },
    setFailed: (m) => {
      fake.failed.push(m);
    },
    info: (message) => log.push({ level: 'info', message }),
    debug: (message) => log.push({ level: 'debug', message }),
    notice: (message, props) => log.push({ level: 'notice', message, ...(props ? { props } : {}) }),
    warning: (message, props) => log.push({ level: 'warning', message, ...(props ? { props } : {}) }),
    error: (message, props) => log.push({ level: 'error', message, ...(props ? { props } : {}) }),
  };
  return fake;
}

export interface Runner {
  env: NodeJS.ProcessEnv;
  /** RUNNER_TEMP: where the report, the cache and the step summary go. */
  temp: string;
  summary: () => string;
}

/** The runner's environment for a workspace: a fresh RUNNER_TEMP and step summary, no process.env but PATH and HOME. */
export function runnerEnv(workspace: string | undefined, extra: NodeJS.ProcessEnv = {}): Runner {
  const temp = tmpRepo({});
  const summaryFile = path.join(temp, 'summary.md');
  writeFileSync(summaryFile, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? temp,
    GITHUB_ACTIONS: 'true',
    ...(workspace ? { GITHUB_WORKSPACE: workspace } : {}),
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REPOSITORY: 'acme/pulse',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    RUNNER_TEMP: temp,
    ...extra,
  };
  return { env, temp, summary: () => readFileSync(summaryFile, 'utf8') };
}
