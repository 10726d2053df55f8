import type { RegexPool, UserRegex } from '../util/safe-regex.js';
import { compileMatcher } from '../util/paths.js';
import type { AllowlistSpec, Candidate } from './types.js';

/**
 * What is allowed although it looks like a secret: the guardrail's `allow` (path globs, regular
 * expressions over the secret, fingerprints) and gitleaks allowlists (global and per rule; paths,
 * regexes over the secret, the match or the line, stopwords; OR / AND). Users' regular expressions
 * run in the time-limited regex pool: a catastrophic one costs a timeout, never a hung job.
 */

export interface GuardrailAllow {
  paths: string[];
  regexes: UserRegex[];
  fingerprints: string[];
}

/** What a candidate is known as, for fingerprint allowlists. */
export interface Names {
  /** The fingerprint the report will show for this finding. */
  fingerprint: string;
  /** Hash of the secret (`properties.secretHash`). */
  secretHash: string;
  ruleId: string;
  file: string;
  line: number;
}

const asUser = (source: string): UserRegex => ({ source, flags: /\\[pP]/.test(source) ? 'gu' : 'g' });

export class Allower {
  private readonly pathOk: (file: string) => boolean;
  private readonly fingerprints: Set<string>;
  /** No path is left out (no `allow.paths`, no path-only allowlist). */
  private readonly everyPath: boolean;

  constructor(
    private readonly guardrail: GuardrailAllow,
    private readonly global: AllowlistSpec[],
    private readonly pool: RegexPool,
  ) {
    const byPath = compileMatcher(undefined, guardrail.paths);
    const pathOnly = global.filter((a) => !a.targetRules && (a.paths ?? []).length > 0 && (a.condition !== 'AND' || (!(a.regexes ?? []).length && !(a.stopwords ?? []).length)));
    const res = pathOnly.flatMap((a) => (a.paths ?? []).map((p) => new RegExp(p)));
    this.pathOk = (file) => byPath(file) && !res.some((re) => re.test(file));
    this.everyPath = guardrail.paths.length === 0 && res.length === 0;
    this.fingerprints = new Set(guardrail.fingerprints.map((f) => f.trim()));
  }

  /** Files not to scan at all (guardrail `allow.paths`, gitleaks path-only allowlists). */
  scans(file: string): boolean {
    return this.pathOk(file);
  }

  /** The files of `files` it scans (`files` itself when no path is left out: 10⁵ paths not tested one by one). */
  scanned(files: string[]): string[] {
    return this.everyPath ? files : files.filter((f) => this.pathOk(f));
  }

  /** Whether a candidate of a rule is allowed. */
  async allows(c: Candidate, names: Names, ruleAllowlists: AllowlistSpec[]): Promise<boolean> {
    if (this.fingerprintAllows(names)) return true;
    for (const re of this.guardrail.regexes) if (await this.test(re, c.secret)) return true;
    for (const a of [...this.global, ...ruleAllowlists]) {
      if (a.targetRules && !a.targetRules.includes(names.ruleId)) continue;
      if (await this.listAllows(a, c, names.file)) return true;
    }
    return false;
  }

  private fingerprintAllows(n: Names): boolean {
    if (this.fingerprints.size === 0) return false;
    if (this.fingerprints.has(n.fingerprint) || this.fingerprints.has(n.secretHash)) return true;
    // gitleaks (.gitleaksignore) style: [commit:]file:rule-id:line
    const tail = `${n.file}:${n.ruleId}:${n.line}`;
    for (const f of this.fingerprints) if (f === tail || f.endsWith(`:${tail}`)) return true;
    return false;
  }

  private async listAllows(a: AllowlistSpec, c: Candidate, file: string): Promise<boolean> {
    const target = a.regexTarget === 'match' ? c.match : a.regexTarget === 'line' ? (c.lineText ?? c.match) : c.secret;
    const checks: (() => Promise<boolean>)[] = [];
    if ((a.paths ?? []).length) checks.push(async () => (a.paths ?? []).some((p) => new RegExp(p).test(file)));
    if ((a.regexes ?? []).length) {
      checks.push(async () => {
        for (const r of a.regexes ?? []) if (await this.test(asUser(r), target)) return true;
        return false;
      });
    }
    if ((a.stopwords ?? []).length) {
      const lower = c.secret.toLowerCase();
      checks.push(async () => (a.stopwords ?? []).some((w) => lower.includes(w)));
    }
    if (checks.length === 0) return false;
    if (a.condition === 'AND') {
      for (const check of checks) if (!(await check())) return false;
      return true;
    }
    for (const check of checks) if (await check()) return true;
    return false;
  }

  private async test(re: UserRegex, text: string): Promise<boolean> {
    const r = await this.pool.match(re, text);
    return r.ok && r.matches.length > 0;
  }
}
