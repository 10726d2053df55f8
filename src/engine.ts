import { promises as fs } from 'node:fs';
import path from 'node:path';
import { applyBaseline, type BaselineOption } from './baseline/apply.js';
import { scopeOf } from './baseline/classify.js';
import { todayOf } from './baseline/dates.js';
import { BUILTIN_KINDS, CHECK_KINDS, runnableKindOf } from './checks/index.js';
import type { CheckContext, RunEnv } from './checks/types.js';
import { DEFAULTS_NAME, loadConfig } from './config/load.js';
import { UsageError, isUserError } from './errors.js';
import { Facts } from './facts.js';
import { FactCache } from './facts/cache.js';
import { attachCache } from './facts/source.js';
import { DEFAULT_MAP } from './map/load.js';
import { attachGoals, goalRisks, loadLivingFiles, type FileOption } from './map/run.js';
import { DEFAULT_SLO } from './slo/load.js';
import { gates, levelRank } from './gate.js';
import type { FailOn, Finding, GuardrailResult, Report, RuleMeta } from './types.js';
import { fingerprintOf } from './util/hash.js';
import { relativeInside } from './util/paths.js';
import { RegexPool } from './util/safe-regex.js';
import { closest, cmp, plural } from './util/text.js';
import { VERSION } from './version.js';
import { changedFiles } from './workspace/changes.js';
import { Workspace } from './workspace/workspace.js';
import { append } from './util/array.js';
import { securitySeverityOf } from './checks/severity.js';

export interface EngineOptions {
  /** Absolute path of the repository root. */
  root: string;
  /** The guardrails file: absolute path, how to show it, and whether the user named it. */
  config: { path: string; display: string; explicit: boolean };
  only?: string[];
  failOn?: FailOn;
  allowCommands?: boolean;
  commandsRefusedBecause?: string;
  env?: NodeJS.ProcessEnv;
  event?: RunEnv['event'];
  log?: (message: string) => void;
  /** Time budget of one user regular expression over one file. */
  regexBudgetMs?: number;
  /** The drift tracker baseline: findings are classed new / recurring / regressed against it when it exists. */
  baseline?: BaselineOption;
  /** The intelligence map and the SLO file (default: their SPEC paths under the root, skipped with a notice when missing). */
  map?: FileOption;
  slo?: FileOption;
  /** Absolute paths of the files the run writes (SARIF, JSON report, summary…): never scanned, even when an earlier run left them in the root. */
  ownOutputs?: readonly string[];
  /** Folder of the per-file fact cache (src/facts/cache.ts); none: every file is read. */
  cacheDir?: string;
}

/** Run every selected guardrail and build the report. Knows nothing of @actions/* or argv. */
export async function run(options: EngineOptions): Promise<Report> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const failOn = options.failOn ?? 'error';
  const config = await loadConfig(options.config.path, options.config.display, { optional: !options.config.explicit });
  // Findings that point at the guardrails file name it relative to the root, like every other path.
  const configRel = relativeInside(await realpathOr(options.root), await realpathOr(options.config.path));
  if (configRel) {
    for (const g of config.guardrails) {
      g.pos = { ...g.pos, file: configRel };
      for (const k of Object.keys(g.keyPos)) g.keyPos[k] = { ...g.keyPos[k]!, file: configRel };
      const locate = g.locate;
      g.locate = (p) => ({ ...locate(p), file: configRel });
    }
  }
  const notices: string[] = [];
  if (config.file === null) {
    notices.push(`No guardrails file at ${options.config.display}: ran the built-in defaults (${config.guardrails.map((g) => g.id).join(', ')}). Add one to state your own invariants.`);
  }
  const living = await loadLivingFiles(
    options.root,
    options.map ?? { path: path.join(options.root, DEFAULT_MAP), display: DEFAULT_MAP, explicit: false },
    options.slo ?? { path: path.join(options.root, DEFAULT_SLO), display: DEFAULT_SLO, explicit: false },
  );
  append(notices, living.notices);

  // Every guardrail of the run, configured then built-in; `only` is applied here and nowhere else.
  const planned = [...config.guardrails, ...BUILTIN_KINDS.map((k) => k.plan(living)).filter((g) => g !== null)];
  const only = (options.only ?? []).filter(Boolean);
  let selected = planned;
  if (only.length > 0) {
    const ids = [...config.guardrails.map((g) => g.id), ...BUILTIN_KINDS.map((k) => k.kind)];
    for (const id of only) {
      if (!ids.includes(id)) {
        const near = closest(id, ids);
        throw new UsageError(`'only' names '${id}', which is not a guardrail of ${config.file ?? DEFAULTS_NAME}`, near ? `did you mean '${near}'?` : `guardrails: ${ids.join(', ') || '(none)'}`);
      }
    }
    selected = planned.filter((g) => only.includes(g.id));
  }

  const rootReal = await realpathOr(options.root);
  const omit = (await Promise.all((options.ownOutputs ?? []).map(async (f) => relativeInside(rootReal, await realpathOr(f))))).filter((f): f is string => !!f);
  const cacheDir = options.cacheDir ? path.resolve(options.cacheDir) : undefined;
  // The store is parsed while git lists the files.
  const [workspace, factCache] = await Promise.all([
    Workspace.open(options.root, {
      exclude: [...config.exclude, ...cacheExclude(cacheDir, rootReal)],
      omit,
      blobIds: cacheDir !== undefined,
      // (the guardrails start what they can on the tracked files while git walks the work tree)
      whileListing: (provisional) => {
        for (const g of selected) {
          try {
            runnableKindOf(g.check)?.warmUp?.(provisional, g);
          } catch {
            // a warm-up is never needed: the guardrail's run does the work itself
          }
        }
      },
    }),
    cacheDir ? FactCache.load(cacheDir) : undefined,
  ]);
  if (factCache) {
    attachCache(workspace, factCache);
    if (factCache.dropped) log(`The fact cache in ${cacheDir} was not used (${factCache.dropped}): every file is read.`);
  }
  log(`${plural(workspace.files.length, 'file')} in ${path.basename(options.root) || options.root} (${workspace.stats().source === 'git' ? 'git ls-files' : 'directory walk'})`);
  const regex = new RegexPool(options.regexBudgetMs);
  const results: GuardrailResult[] = [];
  const ctx: CheckContext = {
    root: workspace.root,
    workspace,
    facts: new Facts(),
    config,
    regex,
    log,
    run: {
      env: options.env ?? process.env,
      allowCommands: options.allowCommands ?? true,
      ...(options.commandsRefusedBecause ? { commandsRefusedBecause: options.commandsRefusedBecause } : {}),
      ...(options.event ? { event: options.event } : {}),
    },
    living: { map: living.map, slo: living.slo, results, configName: configRel || (config.file ?? DEFAULTS_NAME) },
  };

  const findings: Finding[] = [];
  const rules: RuleMeta[] = [];
  try {
    for (const g of selected) {
      const kind = runnableKindOf(g.check)!;
      const t = Date.now();
      const severityOf = securitySeverityOf(kind, g);
      const base = {
        id: g.id,
        title: g.title,
        check: g.check,
        checkDescription: kind.description,
        ...(severityOf !== undefined ? { securitySeverity: severityOf } : {}),
        severity: g.severity,
        goals: g.goals ?? [],
        tags: [...new Set([...(kind.tags ?? []), ...(severityOf !== undefined ? ['security'] : []), ...(g.tags ?? [])])],
        ...(g.audit ? { audit: g.audit } : {}),
        ...(g.rationale ? { rationale: g.rationale } : {}),
      };
      try {
        const r = await kind.run(ctx, g);
        for (const f of r.findings) f.guardrail = g.id;
        for (const f of r.findings) f.goals = [...new Set([...(f.goals ?? []), ...(g.goals ?? [])])].sort(cmp);
        append(findings, r.findings);
        append(rules, r.rules ?? []);
        results.push({
          ...base,
          status: r.skipped ? 'skipped' : r.findings.length > 0 ? 'fail' : 'pass',
          findings: r.findings.length,
          durationMs: Date.now() - t,
          ...(r.skipped ? { detail: r.skipped } : r.detail ? { detail: r.detail } : {}),
          ...(r.output ? { output: r.output } : {}),
        });
        if (r.skipped) notices.push(`${g.id} was skipped: ${r.skipped}`);
        for (const n of r.notices ?? []) if (!notices.includes(n)) notices.push(n);
        log(`${g.id}: ${r.skipped ? `skipped (${r.skipped})` : r.findings.length ? plural(r.findings.length, 'finding') : 'pass'} in ${Date.now() - t} ms`);
      } catch (e) {
        if (isUserError(e)) throw e;
        results.push({ ...base, status: 'error', findings: 0, durationMs: Date.now() - t, detail: `internal error: ${(e as Error).message}` });
        notices.push(`${g.id} could not run (internal error: ${(e as Error).message}). Please report this.`);
        log(`${g.id}: internal error\n${(e as Error).stack ?? e}`);
      }
    }
  } finally {
    await regex.close();
  }
  attachGoals(findings, living.map);

  assignFingerprints(findings);
  const baseline = options.baseline
    ? await applyBaseline(options.baseline, findings, {
        scope: scopeOf(
          results,
          config.guardrails.map((g) => g.id),
          only,
        ),
        today: todayOf(options.env ?? process.env),
        failOn,
        notices,
      })
    : undefined;
  findings.sort(compareFindings);
  const stats = workspace.stats();
  const counts = { error: 0, warning: 0, note: 0, new: 0, fixed: 0 };
  for (const f of findings) counts[f.level]++;
  counts.new = findings.filter((f) => f.baselineState === undefined || f.baselineState === 'new' || f.baselineState === 'regressed').length;
  counts.fixed = baseline?.counts.fixed ?? 0;
  const gating = findings.filter((f) => gates(f, failOn)).length;
  const errored = results.some((r) => r.status === 'error');
  // The files the pull request changes (annotations go to them first); only for runs on an event.
  const changes = options.event ? await changedFiles(ctx) : undefined;
  const cacheStats = factCache ? { ...factCache.summary(), saved: await saveCache(factCache, log) } : undefined;
  return {
    tool: { name: 'living-architecture', version: VERSION },
    root: workspace.root,
    repoPrefix: workspace.prefix,
    config: { file: config.file, defaults: config.file === null },
    failOn,
    only,
    result: gating > 0 || (errored && failOn !== 'none') ? 'fail' : 'pass',
    counts,
    guardrails: results,
    findings,
    gating,
    notices,
    workspace: stats,
    rules: dedupeRules(rules),
    durationMs: Date.now() - started,
    ...(baseline ? { baseline } : {}),
    ...(changes?.ok ? { changedFiles: changes.files } : {}),
    ...(cacheStats ? { factCache: cacheStats } : {}),
    ...(living.map || findings.some((f) => f.goals?.length) ? { goals: goalRisks(findings, living.map) } : {}),
  };
}

/**
 * Fingerprint = hash(rule, file, identity). Two findings with the same identity in one file (the
 * same forbidden call twice) are told apart by their order, so each keeps its own fingerprint
 * when lines move.
 */
export function assignFingerprints(findings: Finding[]): void {
  const ordered = [...findings].sort((a, b) => cmp(a.file, b.file) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
  const seen = new Map<string, number>();
  for (const f of ordered) {
    const key = `${f.ruleId}\u0000${f.file}\u0000${f.identity}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    f.fingerprint = fingerprintOf(f.ruleId, f.file, f.identity, String(n));
  }
}

export function compareFindings(a: Finding, b: Finding): number {
  return levelRank(a.level) - levelRank(b.level) || cmp(a.ruleId, b.ruleId) || cmp(a.file, b.file) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || cmp(a.message, b.message);
}

function dedupeRules(rules: RuleMeta[]): RuleMeta[] {
  const m = new Map<string, RuleMeta>();
  for (const r of rules) if (!m.has(r.id)) m.set(r.id, r);
  return [...m.values()].sort((a, b) => cmp(a.id, b.id));
}

async function realpathOr(p: string): Promise<string> {
  return fs.realpath(p).catch(() => path.resolve(p));
}

export { CHECK_KINDS };

/** A cache folder inside the root is no part of the repository: never listed, read or scanned. */
function cacheExclude(dir: string | undefined, root: string): string[] {
  if (!dir) return [];
  const rel = relativeInside(root, dir);
  return rel ? [`${rel}/**`] : [];
}

async function saveCache(cache: FactCache, log: (m: string) => void): Promise<boolean> {
  const s = cache.summary();
  log(`Fact cache: ${s.hits} of ${s.hits + s.misses} per-file facts restored from ${cache.dir}`);
  const why = await cache.save();
  if (why) log(`The fact cache was not written: ${why}`);
  return why === null;
}
