import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import type { Finding, RuleMeta } from '../types.js';
import { runShell } from '../util/run-command.js';
import { isSecret, secretHash } from '../secrets/redact.js';
import { KnownSecrets, redactSecretsInText, secretValuesOf } from '../secrets/redact-text.js';
import { importSarif } from '../util/sarif-import.js';
import { excerpt } from '../util/text.js';
import { findingOf, defineKind } from './types.js';

/** "90", 90, "90s", "5m", "1h" → milliseconds. */
export function parseDuration(v: unknown, fallbackMs: number): number {
  if (v === undefined) return fallbackMs;
  if (typeof v === 'number') return v * 1000;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(String(v).trim());
  if (!m) return fallbackMs;
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit]!;
}

const ESCAPED = 'a process it started in a session of its own (setsid)';

const DURATION = '^\\d+(\\.\\d+)?\\s*(ms|s|m|h)?$';

export const command = defineKind({
  kind: 'command',
  description: 'An external command passes (alembic check, prisma migrate diff --exit-code, …); a SARIF file it writes is merged into the report.',
  tags: ['architecture'],
  schema: {
    properties: {
      run: { type: 'string', minLength: 1, description: 'The command line, run by /bin/sh -c (cmd.exe /c on Windows) in the repository root.' },
      cwd: { type: 'string', format: 'repo-glob', description: 'Directory to run in, relative to the repository root.' },
      timeout: {
        type: ['number', 'string'],
        pattern: DURATION,
        'x-hint': 'write seconds (90) or a duration like "90s", "5m" or "1h"',
        minimum: 0,
        description: 'Time limit: seconds, or "90s", "5m". The whole process tree is ended when it runs out. Default 10m.',
      },
      sarif: { type: 'string', format: 'repo-glob', description: 'A SARIF file the command writes (relative to the root); its results become findings.' },
      env: { type: 'object', additionalProperties: { type: 'string' }, description: 'Extra environment variables for the command.' },
      'pass-env': {
        type: 'array',
        items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
        description:
          'Environment variables that look like secrets (named …TOKEN, …PASS, …KEY, …AUTH, …DSN, …; or holding a URL with a password, a private key, a token) that the command may see. Others of that kind are withheld, and every secret-looking value is redacted from what the command prints.',
      },
    },
    required: ['run'],
  },
  async run(ctx, g) {
    if (!ctx.run.allowCommands) {
      return { findings: [], skipped: ctx.run.commandsRefusedBecause ?? 'commands are not allowed (allow-commands: false)' };
    }
    const run = g.options.run;
    const cwdRel = g.options.cwd ?? '.';
    const cwd = path.resolve(ctx.root, cwdRel);
    const timeoutMs = parseDuration(g.options.timeout, 10 * 60_000);
    const passEnv = g.options['pass-env'] ?? [];
    const extra = g.options.env ?? {};
    const withheld: string[] = [];
    const env = commandEnv(ctx.run.env, passEnv, extra, withheld);
    // Every secret the command could print: the runner's (passed or not: a child can read its
    // parent's environment), the guardrail's own env values that look secret, and pass-env's.
    const known = new KnownSecrets([...secretValuesOf(ctx.run.env, passEnv), ...secretValuesOf(extra)]);
    const shownRun = redactSecretsInText(run, known);
    const sarifRel = g.options.sarif;
    // Inside the repository for real: a linked folder on the way must not let the removal below or the read reach outside.
    const sarifAbs = sarifRel ? ctx.workspace.resolve(sarifRel) : undefined;
    if (sarifAbs === null)
      throw new ConfigError(`sarif '${sarifRel}' leads outside the repository (through a symbolic link)`, {
        ...(g.keyPos.sarif ?? g.pos),
        hint: 'name a file inside the repository; a symbolic link may not redirect it',
      });
    if (sarifAbs) await fs.rm(sarifAbs, { force: true }); // never merge a stale file from an earlier run

    ctx.log(`${g.id}: running \`${shownRun}\`${withheld.length ? ` (withheld: ${withheld.join(', ')})` : ''}`);
    const ran = await runShell(run, { cwd, env, timeoutMs });
    // Nothing secret the command printed is kept: the known values (whole, in part, encoded) and
    // whatever the secrets scanner finds in the output.
    const r = { ...ran, output: redactSecretsInText(ran.output, known) };
    const at = g.keyPos.run ?? g.pos;
    const findings: Finding[] = [];
    const rules: RuleMeta[] = [];
    const seconds = (timeoutMs / 1000).toFixed(timeoutMs % 1000 ? 1 : 0);
    let merged = 0;

    if (sarifAbs && !r.timedOut) {
      let text: string | undefined;
      try {
        if ((await fs.lstat(sarifAbs)).isFile() && ctx.workspace.resolve(sarifRel!) !== null) text = await fs.readFile(sarifAbs, 'utf8');
      } catch {
        // the command wrote no SARIF: judged by its exit code alone
      }
      if (text !== undefined) {
        let log: unknown;
        try {
          log = JSON.parse(text);
        } catch (e) {
          findings.push(
            findingOf(g, { file: at.file, line: at.line, message: `\`${excerpt(shownRun, 60)}\` wrote ${sarifRel}, which is not valid JSON (${(e as Error).message}).`, identity: 'sarif-invalid' }),
          );
        }
        if (log !== undefined) {
          const imported = importSarif(log, g, ctx.root, path.dirname(sarifAbs));
          for (const f of imported.findings) {
            const message = redactSecretsInText(f.message, known);
            const identity = redactSecretsInText(f.identity, known);
            findings.push({ ...f, message, identity: identity === f.identity ? identity : `secret:${secretHash(f.identity)}` });
          }
          for (const rule of imported.rules) {
            rules.push({ ...rule, description: redactSecretsInText(rule.description, known), ...(rule.fullDescription ? { fullDescription: redactSecretsInText(rule.fullDescription, known) } : {}) });
          }
          merged = imported.findings.length;
        }
      }
    }

    if (r.timedOut) {
      const ended =
        r.escaped === 'may-run'
          ? `its process group was ended, but ${ESCAPED} still holds its output open and may still be running`
          : `its process tree was ended${r.escaped === 'ended' ? `, and ${ESCAPED} was ended too` : ''}`;
      findings.push(
        findingOf(g, {
          file: at.file,
          line: at.line,
          message: `\`${excerpt(shownRun, 60)}\` did not finish within ${seconds}s; ${ended}. Raise 'timeout' or make the command faster.`,
          identity: 'timeout',
        }),
      );
    } else if (r.spawnError) {
      findings.push(findingOf(g, { file: at.file, line: at.line, message: `\`${excerpt(shownRun, 60)}\` could not be started: ${r.spawnError}`, identity: 'spawn' }));
    } else if (r.exitCode !== 0 && merged === 0) {
      const how = r.exitCode === null ? `was ended by ${r.signal}` : r.exitCode === 127 ? 'exited with code 127 (command not found)' : `exited with code ${r.exitCode}`;
      const last = lastLines(r.output, 3);
      findings.push(findingOf(g, { file: at.file, line: at.line, message: `\`${excerpt(shownRun, 60)}\` ${how}${last ? `: ${last}` : ''}`, identity: 'exit' }));
    }
    const output = r.output.trim() ? `${r.outputTruncated ? '… (earlier output cut)\n' : ''}${r.output.trimEnd()}` : undefined;
    const status = r.timedOut ? 'timed out' : r.exitCode === null ? `signal ${r.signal}` : `exit ${r.exitCode}`;
    return {
      findings,
      rules,
      output,
      detail: `${status} in ${(r.durationMs / 1000).toFixed(1)}s${sarifRel ? `, ${merged} result${merged === 1 ? '' : 's'} from ${sarifRel}` : ''}${
        r.escaped && !r.timedOut ? `; ${ESCAPED} ${r.escaped === 'ended' ? 'outlived it and was ended' : 'still holds its output open and may still be running'}` : ''
      }${withheld.length ? `; secret-looking variables withheld (list them in pass-env to pass them): ${withheld.join(', ')}` : ''}`,
    };
  },
});

function lastLines(output: string, n: number): string {
  const lines = output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return excerpt(lines.slice(-n).join(' | '), 240);
}

/**
 * The environment a command gets: the runner's, minus the Action's inputs and every variable whose
 * name or value looks secret (secrets/redact.ts: `PGPASS`, `SSH_KEY`, `SENTRY_DSN`, a
 * `DATABASE_URL` with a password…) unless `pass-env` lists it, plus what the guardrail sets.
 * The names withheld are added to `withheld` (names only, sorted).
 */
export function commandEnv(base: NodeJS.ProcessEnv, passSecrets: readonly string[], extra: Record<string, string>, withheld: string[] = []): NodeJS.ProcessEnv {
  const allowed = new Set(passSecrets);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) {
    if (v === undefined) continue;
    if (k.startsWith('INPUT_')) continue; // the Action's own inputs (one is the token)
    if (!allowed.has(k) && isSecret(k, v)) {
      withheld.push(k);
      continue;
    }
    env[k] = v;
  }
  withheld.sort();
  return { ...env, ...extra };
}
