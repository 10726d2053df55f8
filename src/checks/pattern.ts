import type { Finding } from '../types.js';
import { ConfigError } from '../errors.js';
import { RegexBudget, parseUserRegex, type MatchResult, type UserRegex } from '../util/safe-regex.js';
import { LineIndex, excerpt, plural } from '../util/text.js';
import { forEachLimit } from '../util/async.js';
import { looksSecretValue, redactedValue, secretHash } from '../secrets/redact.js';
import { knownSecretsOf, redactSecretsInText, type KnownSecrets } from '../secrets/redact-text.js';
import { asList, globs, regexes } from './schema-bits.js';
import { findingOf, defineKind } from './types.js';

export const pattern = defineKind({
  kind: 'pattern',
  description: 'A regular expression is forbidden in files (every match is a finding) or required in every file.',
  tags: ['architecture'],
  schema: {
    properties: {
      paths: globs('Files to search (globs). Default: every text file.'),
      exclude: globs('Files not to search (globs).'),
      forbid: regexes('Pattern(s) that must not occur. JavaScript syntax; a leading (?i) is accepted.'),
      require: regexes('Pattern(s) every selected file must contain.'),
      flags: { type: 'string', pattern: '^[ims]*$', description: 'Extra RegExp flags: i (ignore case), m (^ and $ per line, the default), s (. matches newlines).' },
      message: { type: 'string', minLength: 1, description: 'What to tell the author when the guardrail fails.' },
    },
  },
  validate(options, locate) {
    if (options.forbid === undefined && options.require === undefined) {
      const at = locate([]);
      throw new ConfigError("a 'pattern' guardrail needs 'forbid' or 'require'", { ...at, hint: "add forbid: '<regular expression>' (or require:)" });
    }
  },
  async run(ctx, g) {
    const flags = `m${g.options.flags ?? ''}`;
    const forbid = asList(g.options.forbid).map((p) => parseUserRegex(p, flags));
    const require = asList(g.options.require).map((p) => parseUserRegex(p, flags));
    const message = g.options.message;
    const files = ctx.workspace.select(asList(g.options.paths), asList(g.options.exclude));
    const known = knownSecretsOf(ctx.run.env);
    const findings: Finding[] = [];
    let searched = 0;

    const timeoutFinding = (file: string, re: UserRegex): Finding =>
      findingOf(g, {
        file,
        line: 1,
        message: `The pattern /${excerpt(re.source, 60)}/ ran out of time on ${file} (catastrophic backtracking?): this file was not checked. Simplify the pattern, e.g. avoid nested quantifiers like (a+)+.`,
        identity: `timeout:${re.source}`,
        properties: { pattern: re.source, timedOut: true },
      });

    // A catastrophic pattern costs the whole per-match budget on every file: give it up after a few.
    const budget = new RegexBudget();
    const matchOf = async (re: UserRegex, file: string, text: string): Promise<MatchResult> => {
      const r = budget.live(re) ? await ctx.regex.match(re, text, { skipIf: () => !budget.live(re) }) : ({ ok: false, reason: 'skipped' } as const);
      if (!r.ok) {
        budget.record(re, r.reason);
        if (r.reason === 'timeout') findings.push(timeoutFinding(file, re));
      }
      return r;
    };

    await forEachLimit(files, 4, async (file) => {
      const text = await ctx.workspace.readText(file);
      if (text === null) return;
      searched++;
      let index: LineIndex | undefined;
      for (const re of forbid) {
        const r = await matchOf(re, file, text);
        if (!r.ok) continue;
        for (const [offset, , matched] of r.matches) {
          index ??= new LineIndex(text);
          const { line, column } = index.pos(offset);
          const { shown, secret } = evidence(matched, known);
          findings.push(
            findingOf(g, {
              file,
              line,
              column,
              message: message ? `${message} (found \`${shown}\`)` : `Forbidden pattern /${excerpt(re.source, 60)}/ found: \`${shown}\``,
              // a secret is named by its hash: the JSON report and the baseline never hold it
              identity: `${re.source}\u0000${secret ? `secret:${secretHash(matched.trim())}` : matched.trim()}`,
              properties: { pattern: re.source, match: shown, ...(secret ? { redacted: true } : {}) },
            }),
          );
        }
      }
      for (const re of require) {
        const r = await matchOf(re, file, text);
        if (r.ok && r.matches.length === 0) {
          findings.push(
            findingOf(g, {
              file,
              line: 1,
              message: message ? `${message} (${file} does not contain /${excerpt(re.source, 60)}/)` : `${file} does not contain the required pattern /${excerpt(re.source, 60)}/`,
              identity: `missing:${re.source}`,
              properties: { pattern: re.source },
            }),
          );
        }
      }
    });
    const gaveUp = budget.gaveUp([...forbid, ...require]);
    for (const { re, timedOut, notChecked, byTotal } of gaveUp) {
      const key = forbid.includes(re) ? 'forbid' : 'require';
      const i = (key === 'forbid' ? forbid : require).indexOf(re);
      const at = g.locate(Array.isArray(g.options[key]) ? [key, i] : [key]);
      findings.push(
        findingOf(g, {
          ...at,
          message: byTotal
            ? `The pattern /${excerpt(re.source, 60)}/ was stopped: this guardrail's patterns timed out on too many files; ${plural(notChecked, 'file')} not checked for it.`
            : `The pattern gave up after ${plural(timedOut, 'file')} timed out; ${plural(notChecked, 'file')} not checked. /${excerpt(re.source, 60)}/ may backtrack catastrophically: simplify the pattern, e.g. avoid nested quantifiers like (a+)+.`,
          identity: `gave-up:${re.source}`,
          properties: { pattern: re.source, timedOut: true, gaveUp: true, notChecked },
        }),
      );
    }
    const given = gaveUp.length ? `; ${plural(gaveUp.length, 'pattern')} given up after timeouts` : '';
    return { findings, detail: files.length === 0 ? 'no file matches paths' : `${plural(searched, 'file')} searched${given}` };
  },
});

/**
 * What a finding shows of a match: an excerpt, with every secret in it (by the project's one
 * redaction rule, and the run's known secrets) replaced; a match that is a credential as a whole
 * is shown only as its length.
 */
export function evidence(matched: string, known?: KnownSecrets): { shown: string; secret: boolean } {
  const text = matched.trim();
  const redacted = redactSecretsInText(text, known);
  if (redacted === '…') return { shown: `… (${text.length} characters, redacted)`, secret: true };
  if (redacted !== text) return { shown: excerpt(redacted, 60), secret: true };
  if (looksSecretValue(text)) return { shown: redactedValue(text), secret: true };
  return { shown: excerpt(text, 60), secret: false };
}
