import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { sha256 } from '../../src/util/hash.js';
import type { Report } from '../../src/types.js';
import { runOn } from '../run.js';
import { chars, rng, SECRET_KINDS } from '../secrets/corpus.js';

// Secrets are made at run time; nothing credential-shaped is committed with the tests.
const make = (rule: string, seed = 1): string => SECRET_KINDS.find((k) => k.rule === rule)!.make(rng(seed));
const ghp = make('github-pat');
const akia = make('aws-access-token');
const stripe = make('stripe-access-token');

const guardrail = (extra = ''): string => `version: 1
guardrails:
  - id: no-secrets
    title: No committed credentials
    check: secrets
${extra}`;

const where = (r: Report): string[] => r.findings.map((f) => `${f.file}:${f.line}:${f.column} ${String(f.properties?.secretRule)}`);

async function configError(p: Promise<unknown>): Promise<ConfigError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('secrets check', () => {
  it('redacts: the message and properties show the public prefix only, the identity is a hash of the secret', async () => {
    const { report } = await runOn({ 'app/.env': `LOG_LEVEL=info\nGITHUB_TOKEN=${ghp}\n` }, guardrail());
    expect(where(report)).toEqual(['app/.env:2:14 github-pat']);
    const [f] = report.findings;
    expect(f!.message).toContain('`ghp_…`');
    expect(JSON.stringify(f)).not.toContain(ghp.slice(4));
    expect(f!.identity).toBe(`github-pat:${sha256(ghp).slice(0, 32)}`);
    expect(f!.properties).toMatchObject({ secretRule: 'github-pat', secretHash: sha256(ghp).slice(0, 32), redacted: 'ghp_…' });
    expect(f!.endLine).toBe(2);
    expect(f!.endColumn).toBe(14 + ghp.length);
    const g = report.guardrails[0]!;
    expect(g.securitySeverity).toBe(9);
    expect(g.tags).toEqual(['security', 'secrets']);
    expect(g.detail).toMatch(/^2 files scanned \(0\.00 MiB, \d+ rules\) in one thread$/);
  });

  it('guardrails that select other files each get their own scan; those that select the same files agree', async () => {
    const yaml = `version: 1
guardrails:
  - { id: app, title: App, check: secrets, paths: ["app/**"] }
  - { id: lib, title: Lib, check: secrets, paths: ["lib/**"] }
  - { id: app-but-env, title: App but .env, check: secrets, paths: ["app/**"], exclude: ["**/.env"] }
  - { id: app-allowed, title: App allowed, check: secrets, paths: ["app/**"], allow: { paths: ["app/x.py"] } }
  - { id: app-again, title: App again, check: secrets, paths: ["app/**"] }
`;
    const { report } = await runOn({ 'app/.env': `GITHUB_TOKEN=${ghp}\n`, 'app/x.py': `KEY = "${akia}"\n`, 'lib/y.py': `S = "${stripe}"\n` }, yaml);
    const of = (id: string) => report.findings.filter((f) => f.ruleId === id).map((f) => `${f.file} ${String(f.properties?.secretRule)}`);
    expect(of('app')).toEqual(['app/.env github-pat', 'app/x.py aws-access-token']);
    expect(of('lib')).toEqual(['lib/y.py stripe-access-token']);
    expect(of('app-but-env')).toEqual(['app/x.py aws-access-token']);
    expect(of('app-allowed')).toEqual(['app/.env github-pat']);
    expect(of('app-again')).toEqual(of('app'));
  });

  it('runs among the built-in defaults when a repository has no guardrails file', async () => {
    const { report } = await runOn({ 'deploy/.env': `GITHUB_TOKEN=${ghp}\n` }, null);
    expect(report.config.defaults).toBe(true);
    expect(report.findings.filter((f) => f.ruleId === 'no-committed-secrets').map((f) => `${f.file}:${f.line}`)).toEqual(['deploy/.env:1']);
  });

  it('keeps the fingerprint when lines move, and tells two secrets apart', async () => {
    const a = await runOn({ 'x.py': `KEY = "${akia}"\n` }, guardrail());
    const b = await runOn({ 'x.py': `import os\n\n\nKEY = "${akia}"\nOTHER = "${make('aws-access-token', 2)}"\n` }, guardrail());
    expect(where(b.report)).toEqual(['x.py:4:8 aws-access-token', 'x.py:5:10 aws-access-token']);
    expect(b.report.findings[0]!.fingerprint).toBe(a.report.findings[0]!.fingerprint);
    expect(b.report.findings[1]!.fingerprint).not.toBe(a.report.findings[0]!.fingerprint);
  });

  it('honours inline gitleaks:allow and guardrails:allow comments, on the line of the secret only', async () => {
    const files = {
      'a.py': `T1 = "${ghp}"  # gitleaks:allow\nT2 = "${make('github-pat', 2)}"  # guardrails:allow\n# guardrails:allow\nT3 = "${make('github-pat', 3)}"\n`,
    };
    const { report } = await runOn(files, guardrail());
    expect(where(report)).toEqual(['a.py:4:7 github-pat']);
  });

  it('allows by path, by regular expression over the secret, and by fingerprint (report fingerprint, secret hash, gitleaks file:rule:line)', async () => {
    const files = {
      'tests/fixtures/keys.env': `KEY=${akia}\n`,
      'src/pay.ts': `export const stripeKey = '${stripe}';\n`,
      'src/a.env': `GITHUB_TOKEN=${ghp}\n`,
      'src/b.env': `AWS=${make('aws-access-token', 7)}\n`,
      'src/c.env': `TOKEN=${make('github-pat', 8)}\n`,
      'src/d.env': `TOKEN=${make('github-pat', 9)}\n`,
    };
    const before = await runOn(files, guardrail());
    expect(where(before.report)).toHaveLength(6);
    const fp = before.report.findings.find((f) => f.file === 'src/b.env')!.fingerprint!;
    const hash = before.report.findings.find((f) => f.file === 'src/c.env')!.properties!.secretHash as string;
    const allow = `    allow:
      paths: ["tests/**"]
      regexes: ['^[sr]k_live_51']
      fingerprints: ["${fp}", "${hash}", "0123abc:src/d.env:github-pat:1"]
`;
    const { report } = await runOn(files, guardrail(allow));
    expect(where(report)).toEqual(['src/a.env:1:14 github-pat']);
    expect(report.guardrails[0]!.detail).toContain('4 allowed');
  });

  it('reads a .gitleaks.toml: custom rules (Go syntax), global and rule allowlists, disabledRules, a rule replacing a built-in', async () => {
    const internal = `acme_${chars(rng(3), 'abcdefghijklmnopqrstuvwxyz0123456789', 32)}`;
    const toml = `title = "team config"
[extend]
useDefault = true
disabledRules = ["stripe-access-token"]

[[rules]]
id = "acme-internal-token"
description = "ACME internal service token"
regex = '''(?P<all>(?i)ACME_[a-z0-9]{32})\\b'''
keywords = ["acme_"]
entropy = 3.0
  [[rules.allowlists]]
  condition = "AND"
  paths = ['''^legacy/''']
  stopwords = ["acme_00"]

[[rules]]
id = "aws-access-token"
description = "AWS key (team rule)"
regex = '''\\b(AKIA[A-Z2-7]{16})\\b'''
keywords = ["akia"]

[allowlist]
description = "vendored code"
paths = ['''^third_party/''']

[[allowlists]]
regexTarget = "line"
regexes = ['''i-am-a-test-line''']
`;
    const files = {
      '.gitleaks.toml': toml,
      'svc/a.env': `SERVICE=${internal}\nSTRIPE=${stripe}\nAWS=${akia}\n`,
      'svc/b.env': `SERVICE=${internal.replace(/^acme_/, 'ACME_')} # i-am-a-test-line\n`,
      'third_party/lib.env': `SERVICE=${internal}\n`, // (not vendor/: the listing leaves that out by itself)
      'legacy/old.env': `SERVICE=${internal}\n`,
    };
    const { report } = await runOn(files, guardrail('    rules-file: .gitleaks.toml\n'));
    expect(where(report)).toEqual(['legacy/old.env:1:9 acme-internal-token', 'svc/a.env:1:9 acme-internal-token', 'svc/a.env:3:5 aws-access-token']);
    expect(report.findings[1]!.message).toMatch(/^ACME internal service token committed \(value redacted\)/);
    expect(report.findings[2]!.message).toMatch(/^AWS key \(team rule\) committed/); // custom rules show no prefix
    expect(JSON.stringify(report)).not.toContain(internal.slice(5));
    // the global path allowlist's files are not even read: six files, one of them under third_party/
    expect(report.guardrails[0]!.detail).toMatch(/^5 files scanned/);
  });

  it('reports a rules file it cannot use as a configuration error with its position', async () => {
    const bad = await configError(runOn({ '.gitleaks.toml': 'title = "x"\n[[rules]]\nid = "a"\nregex = \n' }, guardrail('    rules-file: .gitleaks.toml\n')));
    expect(bad.file).toBe('.gitleaks.toml');
    expect(bad.line).toBe(4);
    expect(bad.message).toMatch(/^invalid TOML/);
    const re = await configError(runOn({ '.gitleaks.toml': "[[rules]]\nid = \"a\"\nregex = '''(unclosed'''\n" }, guardrail('    rules-file: .gitleaks.toml\n')));
    expect(re.format()).toMatch(/^\.gitleaks\.toml:3:\d+: rule 'a': the regular expression does not compile/);
    const missing = await configError(runOn({}, guardrail('    rules-file: config/.gitleaks.toml\n')));
    expect(missing.format()).toMatch(/^infra\/selfcheck\/guardrails\.yaml:6:\d+: rules-file 'config\/\.gitleaks\.toml' cannot be read/);
  });

  it('refuses an unknown rule id in disable, with a suggestion', async () => {
    const e = await configError(runOn({}, guardrail('    disable: [generic-api-key, github-patt]\n')));
    expect(e.format()).toMatch(/guardrails\.yaml:6:\d+: guardrail 'no-secrets': 'disable' names 'github-patt', which is no built-in secrets rule\n {2}hint: did you mean 'github-pat'\?/);
    const ok = await runOn({ 'a.py': `api_key = "${make('generic-api-key', 4)}"\n` }, guardrail('    disable: generic-api-key\n'));
    expect(ok.report.findings).toEqual([]);
  });
});
