/**
 * The Action: read the inputs, call the engine, write the SARIF, the job summary, the
 * annotations and the outputs. Everything of the runner comes in as arguments: `core` (the part of
 * @actions/core used, which only the door src/index.ts imports), `env` and `cwd`. Nothing here
 * reads or sets process state, so tests run it in-process with a fake core.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UNSAFE_ALLOW, commandsAllowed } from '../config/trust.js';
import { run } from '../engine.js';
import { UsageError, isUserError } from '../errors.js';
import { feedback } from '../github/feedback.js';
import { mapDriftOf } from '../github/map-drift.js';
import { FAIL_ON_VALUES, gates } from '../gate.js';
import { ANNOTATIONS_PER_TYPE, toAnnotations } from '../report/annotations.js';
import { linkContextFromEnv } from '../report/links.js';
import { isSarifLevels, SARIF_LEVELS_VALUES } from '../report/sarif-levels.js';
import { SUMMARY_LIMIT } from '../report/summary.js';
import { WRITERS } from '../report/writers.js';
import { checkOutputs, writeAll, type OutputFile } from '../report/write.js';
import { DEFAULT_BASELINE, DEFAULT_CATEGORY, DEFAULT_CONFIG, DEFAULT_MAP, DEFAULT_PATHS, DEFAULT_SLO } from '../defaults.js';
import { loadSlo } from '../slo/load.js';
import { DELTA_NAME, STORE_NAME } from '../facts/cache.js';
import { sloJson, sloMarkdown } from '../slo/report.js';
import { probeSlos } from '../slo/run.js';
import { suggestMode } from '../suggest.js';
import type { FailOn } from '../types.js';
import { confine, confineDir, fence, type Fence } from '../util/confine.js';
import { relativeInside } from '../util/paths.js';
import { neutraliseCommands } from '../util/workflow-commands.js';

/** Where an annotation points (a subset of @actions/core's AnnotationProperties). */
export interface AnnotationProps {
  title?: string;
  file?: string;
  startLine?: number;
  startColumn?: number;
}

/** What the Action uses of @actions/core: src/index.ts passes the real one, tests a fake that records. */
export interface ActionCore {
  /** The input's value, trimmed; '' when unset. */
  getInput(name: string): string;
  setOutput(name: string, value: string | number): void;
  setSecret(secret: string): void;
  /** Marks the step failed (the real one also sets process.exitCode = 1 and prints an error). */
  setFailed(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  notice(message: string, props?: AnnotationProps): void;
  warning(message: string, props?: AnnotationProps): void;
  error(message: string, props?: AnnotationProps): void;
}

/**
 * Runs the Action; resolves to its exit code (0 passed, 1 the gate failed, 2 a user's mistake or an
 * internal error) and never rejects. `cwd` stands in for the workspace when GITHUB_WORKSPACE is unset.
 */
export async function main(core: ActionCore, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  try {
    return await runAction(core, env, cwd);
  } catch (e: unknown) {
    if (isUserError(e)) {
      const title = e instanceof UsageError ? 'Living Architecture: input error' : 'Living Architecture: configuration error';
      const props = e.file ? { title, file: e.file, ...(e.line ? { startLine: e.line } : {}), ...(e.column ? { startColumn: e.column } : {}) } : { title };
      // One annotation: core.setFailed would print the message a second time (it calls core.error).
      core.error(e.format(), props);
      core.setOutput('result', 'fail');
      return 2;
    }
    core.setFailed(`internal error: ${(e as Error).message} — please report this at https://github.com/living-architecture/guardrails/issues`);
    core.debug((e as Error).stack ?? String(e));
    return 2;
  }
}

/** Repository text printed to the log: every line neutralised, so that no name or output forms a workflow command. */
const infoOf =
  (core: ActionCore) =>
  (m: string): void =>
    core.info(neutraliseCommands(m));

/**
 * Where the run may read and write (src/util/confine.ts): the pull request controls every file and
 * link of the checkout, so every path input must really lie inside the workspace. Outputs may also
 * go to RUNNER_TEMP, the runner's own folder (the default report-file lives there).
 */
async function fences(env: NodeJS.ProcessEnv, workspace: string): Promise<{ read: Fence; write: Fence }> {
  const read = await fence([workspace], { name: 'the workspace', userMayLeave: false });
  const write = env.RUNNER_TEMP ? await fence([workspace, env.RUNNER_TEMP], { name: 'the workspace or RUNNER_TEMP', userMayLeave: false }) : read;
  return { read, write };
}

async function runAction(core: ActionCore, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const info = infoOf(core);
  const workspace = path.resolve(env.GITHUB_WORKSPACE ?? cwd);
  const fenced = await fences(env, workspace);
  const wd = core.getInput('working-directory') || '.';
  const root = path.resolve(workspace, wd);
  await confineDir(fenced.read, root, "input 'working-directory'", wd);
  // A path inside the workspace is shown from it; one outside (RUNNER_TEMP) absolute, never as ../../_temp/…
  const rel = (abs: string): string => (relativeInside(workspace, abs) ?? abs) || '.';

  const failOn = (core.getInput('fail-on') || 'error').trim().toLowerCase();
  if (!FAIL_ON_VALUES.includes(failOn as FailOn)) throw new UsageError(`input 'fail-on' must be one of ${FAIL_ON_VALUES.join(', ')}, not '${failOn}'`);
  const annotationsMode = (core.getInput('annotations') || 'all').trim().toLowerCase();
  if (!['all', 'gate', 'none'].includes(annotationsMode)) throw new UsageError(`input 'annotations' must be one of all, gate, none, not '${annotationsMode}'`);
  const sarifLevels = (core.getInput('sarif-levels') || 'severity').trim().toLowerCase();
  if (!isSarifLevels(sarifLevels)) throw new UsageError(`input 'sarif-levels' must be one of ${SARIF_LEVELS_VALUES.join(', ')}, not '${sarifLevels}'`);
  const mode = (core.getInput('mode') || 'check').trim();
  if (mode !== 'check' && mode !== 'drift' && mode !== 'slo' && mode !== 'suggest')
    throw new UsageError(`input 'mode: ${mode}' is not available in this release; use mode: check, drift, slo or suggest`);
  if (mode === 'slo') return runSloMode(core, root, rel, env, fenced);
  if (mode === 'suggest') {
    const outputs = await suggestMode({ root, configInput: core.getInput('config') || DEFAULT_CONFIG, defaultConfig: DEFAULT_CONFIG, rel, env, fences: fenced, log: info });
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
    return 0;
  }
  const configInput = core.getInput('config') || DEFAULT_CONFIG;
  const configAbs = path.resolve(root, configInput);
  await confine(fenced.read, configAbs, "input 'config'", configInput);
  const event = await readEvent(env);
  const allow = core.getInput('allow-commands').trim().toLowerCase();
  if (allow !== UNSAFE_ALLOW && allow !== '') booleanInput(core, 'allow-commands', ` or ${UNSAFE_ALLOW}`);
  const comment = booleanInput(core, 'comment'); // read before the run: a mistake in it must not leave the outputs half written
  const trust = await commandsAllowed({
    allowInput: allow !== 'false', // default true
    unsafe: allow === UNSAFE_ALLOW,
    ...(env.GITHUB_EVENT_NAME ? { eventName: env.GITHUB_EVENT_NAME } : {}),
    ...(event ? { payload: event } : {}),
    ...(env.GITHUB_SHA ? { sha: env.GITHUB_SHA } : {}),
    root,
    workspace,
    configAbs,
    configRepoPath: path.relative(root, configAbs).split(path.sep).join('/'),
    ownFiles: [core.getInput('sarif-file') || DEFAULT_PATHS.sarif, core.getInput('report-file')].filter(Boolean).map((f) => path.resolve(root, f)), // an earlier run's outputs
  });
  if (trust.warning) core.warning(trust.warning);
  const category = core.getInput('category') || DEFAULT_CATEGORY;
  const sarifOut = outputInput(core, 'sarif-file', DEFAULT_PATHS.sarif, root);
  const reportOut = outputInput(core, 'report-file', path.join(env.RUNNER_TEMP ?? root, 'living-architecture-report.json'), root);
  await checkOutputs([sarifOut, reportOut], { fence: fenced.write }); // fail before the run, not after
  const sarifAbs = sarifOut.path;
  const reportAbs = reportOut.path;
  const map = await fileInput(core, 'intelligence-map', DEFAULT_MAP, root, rel, fenced.read);
  const slo = await fileInput(core, 'slo-monitors', DEFAULT_SLO, root, rel, fenced.read);
  const baseline = await fileInput(core, 'baseline', DEFAULT_BASELINE, root, rel, fenced.read);
  const cacheDir = await cacheDirInput(core, env, workspace, fenced.write);

  const report = await run({
    root,
    config: { path: configAbs, display: rel(configAbs), explicit: configInput !== DEFAULT_CONFIG },
    map,
    slo,
    only:
      mode === 'drift'
        ? []
        : core
            .getInput('only')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean), // drift runs every guardrail
    failOn: failOn as FailOn,
    baseline,
    allowCommands: trust.allowed,
    ...(trust.reason ? { commandsRefusedBecause: trust.reason } : {}),
    env,
    ...(event && env.GITHUB_EVENT_NAME ? { event: { name: env.GITHUB_EVENT_NAME, payload: event } } : {}),
    log: info,
    ownOutputs: [sarifAbs, reportAbs, path.join(path.dirname(reportAbs), 'living-architecture-drift.md')], // an earlier run's outputs are not code
    ...(cacheDir ? { cacheDir } : {}),
  });

  const links = linkContextFromEnv(env, report.repoPrefix);
  const sarif = WRITERS.sarif.render(report, { category, links, sarifLevels });
  // Messages of the step itself: they count against GitHub's 10 annotations per type too (below).
  const messages: { level: 'info' | 'notice' | 'warning'; text: string }[] = [];
  if (sarif.cut.length > 0) messages.push({ level: 'warning', text: `Left out of the SARIF file to stay within GitHub's upload limits: ${sarif.cut.join(', ')}. The JSON report has everything.` });
  // In mode: drift the drift report follows in the same summary: half the room each.
  const summary = WRITERS.summary.render(report, { links, sarifCut: sarif.cut, ...(mode === 'drift' ? { maxBytes: SUMMARY_LIMIT / 2 } : {}) });
  if (summary.cut.length > 0) info(`The job summary was shortened to fit GitHub's 1 MiB limit: ${summary.cut.join(', ')} left out (the SARIF and JSON reports have them).`);
  const writes: OutputFile[] = [
    { ...sarifOut, content: sarif.output },
    { ...reportOut, content: WRITERS.json.render(report, {}).output },
  ];
  if (env.GITHUB_STEP_SUMMARY) writes.push({ path: env.GITHUB_STEP_SUMMARY, content: summary.output, append: true });
  await writeAll(writes, { fence: fenced.write });

  // The pull-request comment and, in mode: drift, the drift report and issue (src/github/).
  const token = core.getInput('github-token');
  if (token) core.setSecret(token);
  const mapAbs = map.path;
  const fb = await feedback({
    report,
    drift: mode === 'drift',
    comment,
    token,
    env,
    ...(env.GITHUB_EVENT_NAME ? { eventName: env.GITHUB_EVENT_NAME } : {}),
    ...(event ? { payload: event } : {}),
    category,
    links,
    driftFile: path.join(path.dirname(reportAbs), 'living-architecture-drift.md'),
    ...(mode === 'drift'
      ? { map: await mapDriftOf({ root, mapPath: mapAbs, mapDisplay: rel(mapAbs), configPath: configAbs, configDisplay: rel(configAbs), configExplicit: configInput !== DEFAULT_CONFIG, log: info }) }
      : {}),
  });
  messages.push(...fb.messages);

  // GitHub shows 10 annotations of each type per step, the step's own messages and its failure
  // (an error) included: the findings get what is left, most important first.
  const spent = { error: report.result === 'fail' ? 1 : 0, warning: 0, notice: 0 };
  for (const m of messages) if (m.level !== 'info') spent[m.level]++;
  // annotations: gate shows only the findings that fail the gate, none no finding (the step's own messages stay).
  const annotated = annotationsMode === 'all' ? report : { ...report, findings: annotationsMode === 'none' ? [] : report.findings.filter((f) => gates(f, report.failOn)) };
  const { annotations, omitted } = toAnnotations(annotated, {
    prefix: report.repoPrefix,
    ...(report.changedFiles ? { changedFiles: new Set(report.changedFiles) } : {}),
    perType: { error: ANNOTATIONS_PER_TYPE - spent.error, warning: ANNOTATIONS_PER_TYPE - spent.warning, note: ANNOTATIONS_PER_TYPE - spent.notice },
  });
  for (const a of annotations) {
    const props = { title: a.title, file: a.file, startLine: a.startLine, ...(a.startColumn ? { startColumn: a.startColumn } : {}) };
    if (a.level === 'error') core.error(a.message, props);
    else if (a.level === 'warning') core.warning(a.message, props);
    else core.notice(a.message, props);
  }
  const shown = { warning: 0, notice: 0 };
  for (const m of messages) {
    // Past ten of a type, a message is a log line: GitHub would drop the annotation silently.
    if (m.level !== 'info' && shown[m.level]++ < ANNOTATIONS_PER_TYPE) core[m.level === 'warning' ? 'warning' : 'notice'](m.text);
    else info(m.text);
  }
  const more = Object.entries(omitted)
    .filter(([, n]) => n > 0)
    .map(([l, n]) => `${n} ${l}${n === 1 ? '' : 's'}`);
  if (more.length) info(`GitHub shows 10 annotations of each type per step: ${more.join(', ')} more are in the job summary and the SARIF file.`);

  const failed = report.guardrails.filter((g) => g.status === 'fail' || g.status === 'error').map((g) => g.id);
  core.setOutput('result', report.result);
  core.setOutput('errors', report.counts.error);
  core.setOutput('warnings', report.counts.warning);
  core.setOutput('notes', report.counts.note);
  core.setOutput('new-findings', report.counts.new);
  core.setOutput('fixed-findings', report.counts.fixed);
  core.setOutput('failed-guardrails', JSON.stringify(failed));
  core.setOutput('sarif-file', rel(sarifAbs));
  core.setOutput('report-file', rel(reportAbs));
  core.setOutput('map-drift', fb.outputs['map-drift'] ?? 'false');
  if (mode === 'drift') core.setOutput('drift-report', rel(path.join(path.dirname(reportAbs), 'living-architecture-drift.md')));
  core.setOutput('slo-breached', '[]');

  const line = `${report.result === 'pass' ? 'PASS' : 'FAIL'}: ${report.counts.error} errors, ${report.counts.warning} warnings, ${report.counts.note} notes (fail-on: ${report.failOn})`;
  if (report.result === 'fail') core.setFailed(`Guardrails failed: ${failed.join(', ')} — ${line}`);
  else info(line);
  return report.result === 'fail' ? 1 : 0;
}

function booleanInput(core: ActionCore, name: string, orElse = ''): boolean {
  const v = core.getInput(name).trim().toLowerCase();
  if (v !== '' && v !== 'true' && v !== 'false') throw new UsageError(`input '${name}' must be true or false${orElse}, not '${core.getInput(name)}'`);
  return v === 'true';
}

/** A file input relative to the root: explicit when it differs from the default; refused when it leads outside the workspace. */
async function fileInput(core: ActionCore, name: string, dflt: string, root: string, rel: (abs: string) => string, f: Fence): Promise<{ path: string; display: string; explicit: boolean }> {
  const value = core.getInput(name) || dflt;
  const abs = path.resolve(root, value);
  await confine(f, abs, `input '${name}'`, value);
  return { path: abs, display: rel(abs), explicit: value !== dflt };
}

/** An output path input relative to the root (or its default), named for writeAll's checks and messages. */
function outputInput(core: ActionCore, name: string, dflt: string, root: string): Omit<OutputFile, 'content'> {
  const value = core.getInput(name);
  return { path: path.resolve(root, value || dflt), what: `input '${name}'`, shown: value || dflt };
}

/** mode: slo — probe the SLOs against base-url; the summary section and `slo-breached`. */
async function runSloMode(core: ActionCore, root: string, rel: (abs: string) => string, env: NodeJS.ProcessEnv, fenced: { read: Fence; write: Fence }): Promise<number> {
  const info = infoOf(core);
  const baseUrl = core.getInput('base-url').trim();
  if (!baseUrl) throw new UsageError("mode: slo needs the input 'base-url' (the service under test, e.g. http://localhost:8000)");
  const file = await fileInput(core, 'slo-monitors', DEFAULT_SLO, root, rel, fenced.read);
  const slo = (await loadSlo(file.path, file.display, { root, optional: false }))!;
  for (const n of slo.notes) core.notice(n);
  const result = await probeSlos(slo, { baseUrl, env, log: info });
  const reportOut = outputInput(core, 'report-file', path.join(env.RUNNER_TEMP ?? root, 'living-architecture-slo.json'), root);
  const reportAbs = reportOut.path;
  const writes: OutputFile[] = [{ ...reportOut, content: sloJson(result) }];
  if (env.GITHUB_STEP_SUMMARY) writes.push({ path: env.GITHUB_STEP_SUMMARY, content: sloMarkdown(result), append: true });
  await writeAll(writes, { fence: fenced.write });
  core.setOutput('result', result.breached.length ? 'fail' : 'pass');
  core.setOutput('slo-breached', JSON.stringify(result.breached));
  core.setOutput('report-file', rel(reportAbs));
  if (result.breached.length)
    core.setFailed(
      `SLOs breached: ${result.breached.join(', ')} (${result.results
        .filter((r) => r.breached)
        .map((r) => `${r.id}: ${r.breaches.join('; ')}`)
        .join(' — ')})`,
    );
  else
    info(
      `SLOs met: ${result.results
        .filter((r) => r.measured)
        .map((r) => r.id)
        .join(', ')}`,
    );
  return result.breached.length ? 1 : 0;
}

async function readEvent(env: NodeJS.ProcessEnv): Promise<Record<string, unknown> | undefined> {
  if (!env.GITHUB_EVENT_PATH) return undefined;
  try {
    return JSON.parse(await fs.readFile(env.GITHUB_EVENT_PATH, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * Input 'cache-dir': where per-file facts are kept between runs (restore it with actions/cache).
 * Default: RUNNER_TEMP/living-architecture-facts — outside the checkout (never listed or scanned,
 * nothing of the pull request's files can be planted there), private to the job. 'none': no cache.
 */
async function cacheDirInput(core: ActionCore, env: NodeJS.ProcessEnv, workspace: string, write: Fence): Promise<string | undefined> {
  const value = core.getInput('cache-dir').trim();
  if (value.toLowerCase() === 'none') return undefined;
  if (!value && !env.RUNNER_TEMP) return undefined;
  const dir = value ? path.resolve(workspace, value) : path.join(env.RUNNER_TEMP!, 'living-architecture-facts');
  await checkOutputs(
    [STORE_NAME, DELTA_NAME].map((name) => ({ path: path.join(dir, name), what: "input 'cache-dir'", shown: value || dir })),
    { fence: write },
  );
  return dir;
}
