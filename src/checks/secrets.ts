import type { Finding } from '../types.js';
import { ConfigError } from '../errors.js';
import { fingerprintOf, sha256 } from '../util/hash.js';
import { parseUserRegex } from '../util/safe-regex.js';
import { closest, cmp, plural } from '../util/text.js';
import { Allower } from '../secrets/allow.js';
import { readGitleaksToml, type GitleaksConfig } from '../secrets/gitleaks-toml.js';
import { redact, secretHash } from '../secrets/redact.js';
import { BUILTIN_RULES } from '../secrets/rules.js';
import { scanFiles } from '../secrets/scan.js';
import { DEFAULT_HISTORY_LIMITS, forcedRangeOf, historyDetail, historyRangeOf, readHistory, scanHunks, short, type HistoryLimits } from '../secrets/history.js';
import type { RuleSpec, ScanSpec } from '../secrets/types.js';
import { compileMatcher } from '../util/paths.js';
import { asList, globs, regexes } from './schema-bits.js';
import { findingOf, defineKind, type CheckContext, type GuardrailOf } from './types.js';
import type { SecretsOptions } from '../config/options.generated.js';

const NO_RULES_FILE: GitleaksConfig = { rules: [], fileRules: [], allowlists: [], disabledRules: [] };

/** "RSA private key", "OpenSSH private key", … from the block's header (which is not secret). */
function labelOf(rule: RuleSpec, secret: string): string {
  if (rule.id !== 'private-key') return rule.description;
  const kind = /^-----BEGIN ([A-Z0-9 _-]*?) ?PRIVATE KEY/.exec(secret)?.[1]?.trim();
  if (!kind) return 'Private key (PKCS #8)';
  if (kind === 'ENCRYPTED') return 'Encrypted private key';
  return `${kind === 'OPENSSH' ? 'OpenSSH' : kind} private key`;
}

export const secrets = defineKind({
  kind: 'secrets',
  description: 'No committed credentials: built-in rules for the keys people leak, entropy and allowlists; secret values are always redacted.',
  tags: ['security', 'secrets'],
  securitySeverity: 9.0,
  security: () => true,
  schema: {
    properties: {
      paths: globs('Files to scan (globs). Default: every file; binary files are skipped, large files read in chunks.'),
      exclude: globs('Files not to scan (globs).'),
      allow: {
        type: 'object',
        additionalProperties: false,
        description: 'What looks like a secret but is not: test fixtures, published keys, accepted findings.',
        properties: {
          paths: globs('Files whose secrets are allowed (globs).'),
          regexes: regexes('A secret matching one of these is allowed (JavaScript syntax, matched against the secret).'),
          fingerprints: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            description: "Allowed findings: a finding's fingerprint or properties.secretHash from the report, or a gitleaks fingerprint (file:rule-id:line).",
          },
        },
      },
      'rules-file': {
        type: 'string',
        minLength: 1,
        format: 'repo-glob',
        description: 'A .gitleaks.toml whose custom [[rules]], allowlists and [extend] disabledRules apply too (a rule with a built-in id replaces it).',
      },
      history: {
        description:
          'On pull_request and push events, also scan the lines each commit of the range adds, so a credential committed and removed again is still found (default true). An object sets limits: max-commits (default 1000), max-mib of patches read (default 64).',
        type: ['boolean', 'object'],
        default: true,
        additionalProperties: false,
        properties: {
          'max-commits': { type: 'integer', minimum: 1, description: 'Most recent commits of the range read (default 1000).' },
          'max-mib': { type: 'number', exclusiveMinimum: 0, description: 'MiB of patches read at most (default 64).' },
        },
      },
      disable: {
        type: ['string', 'array'],
        items: { type: 'string', minLength: 1 },
        description: 'Built-in rule ids not to run (e.g. generic-api-key).',
      },
    },
  },
  validate(options, locate) {
    const ids = BUILTIN_RULES.map((r) => r.id);
    asList(options.disable).forEach((id, i) => {
      if (ids.includes(id)) return;
      const near = closest(id, ids);
      throw new ConfigError(`'disable' names '${id}', which is no built-in secrets rule`, {
        ...locate(Array.isArray(options.disable) ? ['disable', i] : ['disable']),
        hint: near ? `did you mean '${near}'?` : `rules: ${ids.join(', ')}`,
      });
    });
  },
  async run(ctx, g) {
    const rulesFile = g.options['rules-file'];
    let gl = NO_RULES_FILE;
    if (rulesFile) {
      const text = await ctx.workspace.readText(rulesFile);
      if (text === null) {
        throw new ConfigError(`rules-file '${rulesFile}' cannot be read (missing, binary, or not a regular file inside the repository)`, { ...(g.keyPos['rules-file'] ?? g.pos) });
      }
      gl = readGitleaksToml(text, rulesFile);
    }
    const disabled = new Set([...asList(g.options.disable), ...gl.disabledRules]);
    const replaced = new Set(gl.rules.map((r) => r.id));
    const rules = [...BUILTIN_RULES.filter((r) => !disabled.has(r.id) && !replaced.has(r.id)), ...gl.rules.filter((r) => !disabled.has(r.id))];
    const spec: ScanSpec = { rules, wantLine: [...gl.allowlists, ...rules.flatMap((r) => r.allowlists ?? [])].some((a) => a.regexTarget === 'line') };
    const allow = g.options.allow ?? {};
    const allower = new Allower({ paths: asList(allow.paths), regexes: asList(allow.regexes).map((p) => parseUserRegex(p)), fingerprints: asList(allow.fingerprints) }, gl.allowlists, ctx.regex);
    const files = allower.scanned(ctx.workspace.select(asList(g.options.paths), asList(g.options.exclude)));
    // Guardrails that scan the same files with the same rules share one scan: keyed by what selects
    // the files (the workspace's files through paths, exclude and path allowlists), not by the list
    // itself (10⁵ paths to write out and hash).
    const selection = [asList(g.options.paths), asList(g.options.exclude), asList(allow.paths), gl.allowlists];
    const outcome = await ctx.facts.get(`secrets:${sha256(JSON.stringify([spec, selection]))}`, () => scanFiles(ctx.workspace, files, spec));

    const findings: Finding[] = [];
    /** What the working tree holds (rule, file, secret hash): the history reports only the rest. */
    const present = new Set<string>();
    let allowed = 0;
    for (const file of [...outcome.byFile.keys()].sort(cmp)) {
      const list = [...outcome.byFile.get(file)!].sort((a, b) => a.line - b.line || a.column - b.column);
      const seen = new Map<string, number>();
      for (const c of list) {
        const rule = rules[c.rule]!;
        const hash = secretHash(c.secret);
        const identity = `${rule.id}:${hash}`;
        present.add(`${rule.id}\0${file}\0${hash}`);
        const n = (seen.get(identity) ?? 0) + 1;
        seen.set(identity, n);
        const names = { fingerprint: fingerprintOf(g.id, file, identity, String(n)), secretHash: hash, ruleId: rule.id, file, line: c.line };
        if (await allower.allows(c, names, rule.allowlists ?? [])) {
          allowed++;
          continue;
        }
        const prefix = rule.custom ? 0 : (rule.prefix ?? 0);
        const shown = prefix > 0 ? redact(c.secret, prefix) : '';
        findings.push(
          findingOf(g, {
            file,
            line: c.line,
            column: c.column,
            endLine: c.endLine,
            endColumn: c.endColumn,
            message: `${labelOf(rule, c.secret)}${shown ? ` \`${shown}\`` : ''} committed (value redacted): revoke or rotate it, then read it from the environment or a secret store.`,
            identity,
            properties: { secretRule: rule.id, secretHash: hash, ...(shown ? { redacted: shown } : {}), entropy: c.entropy },
          }),
        );
      }
    }
    for (const fr of gl.fileRules) {
      const re = new RegExp(fr.path);
      for (const file of files.filter((f) => re.test(f))) {
        findings.push(findingOf(g, { file, line: 1, message: `${fr.description}: this file should not be committed.`, identity: `${fr.id}:file`, properties: { secretRule: fr.id } }));
      }
    }
    for (const file of [...new Set(outcome.timedOut)].sort(cmp)) {
      findings.push(
        findingOf(g, {
          file,
          line: 1,
          message: `${file} could not be scanned for secrets within the time budget${rulesFile ? ` (a pattern of ${rulesFile} may backtrack catastrophically)` : ''}: this file was not checked.`,
          identity: 'timeout',
          properties: { timedOut: true },
        }),
      );
    }
    if (outcome.gaveUp.length > 0) {
      const at = g.keyPos['rules-file'] ?? g.pos;
      findings.push(
        findingOf(g, {
          ...at,
          message: `The secrets scan gave up after ${plural(new Set(outcome.timedOut).size, 'file')} timed out; ${plural(outcome.gaveUp.length, 'file')} not checked.${rulesFile ? ` A pattern of ${rulesFile} may backtrack catastrophically.` : ''}`,
          identity: 'gave-up',
          properties: { timedOut: true, gaveUp: true, notChecked: outcome.gaveUp.length },
        }),
      );
    }
    const history = await scanHistory(ctx, g, { rules, spec, allower, present, findings });
    allowed += history.allowed;
    const mb = (outcome.bytes / 1048576).toFixed(outcome.bytes < 10 * 1048576 ? 2 : 0);
    const notes = [
      `${mb} MiB`,
      outcome.binary ? `${outcome.binary} binary skipped` : '',
      outcome.chunked ? `${plural(outcome.chunked, 'large file')} read in chunks` : '',
      allowed ? `${allowed} allowed` : '',
      `${rules.length} rules`,
    ].filter(Boolean);
    const where = outcome.threads > 0 ? `on ${plural(outcome.threads, 'worker thread')}` : 'in one thread';
    const detail = `${plural(outcome.scanned, 'file')} scanned (${notes.join(', ')}) ${where}${history.detail ? `; ${history.detail}` : ''}`;
    return { findings, detail, ...(history.notices.length ? { notices: history.notices } : {}) };
  },
});

function historyLimits(option: SecretsOptions['history']): HistoryLimits | null {
  if (option === false) return null;
  const o = typeof option === 'object' ? option : {};
  return {
    maxCommits: o['max-commits'] ?? DEFAULT_HISTORY_LIMITS.maxCommits,
    maxBytes: o['max-mib'] !== undefined ? Math.max(1, Math.round(o['max-mib'] * 1048576)) : DEFAULT_HISTORY_LIMITS.maxBytes,
  };
}

/**
 * The lines each commit of the event's range adds (see secrets/history.ts), judged like the working
 * tree. A secret the working tree still holds in the same file is reported there, once; the rest
 * are findings naming the first commit that added them.
 */
async function scanHistory(
  ctx: CheckContext,
  g: GuardrailOf<SecretsOptions>,
  s: { rules: RuleSpec[]; spec: ScanSpec; allower: Allower; present: Set<string>; findings: Finding[] },
): Promise<{ allowed: number; notices: string[]; detail?: string }> {
  const limits = historyLimits(g.options.history);
  const range = historyRangeOf(ctx.run.event);
  if (!limits || 'none' in range) return { allowed: 0, notices: [] };
  // Read once per run however many secrets guardrails there are.
  const read = await ctx.facts.get(`secrets-history:${JSON.stringify([range.revs, limits])}`, () => readHistory(ctx.root, range, limits, forcedRangeOf(ctx.run.event)));
  if (!read.ok) return { allowed: 0, notices: [`${g.id}: secrets removed in the ${range.label} cannot be proven absent: ${read.reason}.`] };
  const notices = read.cut.map((c) => `${g.id}: the history of the ${range.label} was cut (${c}); raise history: max-commits / max-mib to read it all.`);
  const selected = compileMatcher(asList(g.options.paths), asList(g.options.exclude));
  const hunks = read.hunks.filter((h) => selected(h.file) && s.allower.scans(h.file));
  const { hits, timedOut } = await scanHunks(hunks, s.spec);
  const seen = new Set<string>();
  let allowed = 0;
  for (const { commit, file, candidate: c } of hits) {
    const rule = s.rules[c.rule]!;
    const hash = secretHash(c.secret);
    const key = `${rule.id}\0${file}\0${hash}`;
    if (s.present.has(key) || seen.has(key)) continue;
    seen.add(key);
    const identity = `history:${rule.id}:${hash}`;
    const names = { fingerprint: fingerprintOf(g.id, file, identity, '1'), secretHash: hash, ruleId: rule.id, file, line: c.line };
    if (await s.allower.allows(c, names, rule.allowlists ?? [])) {
      allowed++;
      continue;
    }
    const prefix = rule.custom ? 0 : (rule.prefix ?? 0);
    const shown = prefix > 0 ? redact(c.secret, prefix) : '';
    s.findings.push(
      findingOf(g, {
        file,
        line: c.line,
        column: c.column,
        endLine: c.endLine,
        endColumn: c.endColumn,
        message: `${labelOf(rule, c.secret)}${shown ? ` \`${shown}\`` : ''} committed in ${short(commit)} (value redacted) and no longer in this file: it stays in the git history, so revoke or rotate it.`,
        identity,
        properties: { secretRule: rule.id, secretHash: hash, ...(shown ? { redacted: shown } : {}), entropy: c.entropy, commit: short(commit), commitSha: commit, history: true },
      }),
    );
  }
  if (timedOut.length) notices.push(`${g.id}: ${plural(timedOut.length, 'file')} as commits of the ${range.label} changed them could not be scanned for secrets within the time budget: not checked.`);
  return { allowed, notices, detail: historyDetail(read, range.label) };
}
