import type { RuleSpec } from './types.js';
import { MORE_RULES } from './rules-more.js';
import { ASSIGN, END } from './rule-bits.js';

/**
 * Built-in rules, part 1: cloud providers, source hosting, chat, payments and keys. Ids follow
 * gitleaks where gitleaks has the same rule, so `.gitleaksignore` entries and `disabledRules` keep
 * working. Every pattern is written to run in linear time (no nested quantifiers); the keywords are
 * what the prefilter looks for, so a rule's pattern only ever sees the lines around a keyword.
 */

const CORE_RULES: RuleSpec[] = [
  {
    id: 'aws-access-token',
    description: 'AWS access key id',
    keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    regex: String.raw`\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b`,
    entropy: 3,
    prefix: 4,
  },
  {
    id: 'aws-secret-access-key',
    start: 'name',
    description: 'AWS secret access key',
    keywords: ['secret_access_key', 'secretaccesskey', 'secret-access-key', 'secret.access.key', 'aws_secret', 'awssecret', 'aws-secret', 'aws.secret'],
    regex: String.raw`[A-Za-z0-9_.-]{0,40}?(?:aws[_.-]?secret(?:[_.-]?access)?[_.-]?key|secret[_.-]?access[_.-]?key)[\w.-]{0,10}${ASSIGN}([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
    flags: 'i',
    entropy: 4,
  },
  {
    id: 'github-pat',
    description: 'GitHub personal access token',
    keywords: ['ghp_'],
    regex: String.raw`\b(ghp_[0-9A-Za-z]{36})\b`,
    check: 'github-checksum',
    prefix: 4,
  },
  {
    id: 'github-oauth',
    description: 'GitHub OAuth access token',
    keywords: ['gho_'],
    regex: String.raw`\b(gho_[0-9A-Za-z]{36})\b`,
    check: 'github-checksum',
    prefix: 4,
  },
  {
    id: 'github-app-token',
    description: 'GitHub App token',
    keywords: ['ghu_', 'ghs_'],
    regex: String.raw`\b((?:ghu|ghs)_[0-9A-Za-z]{36})\b`,
    check: 'github-checksum',
    prefix: 4,
  },
  {
    id: 'github-refresh-token',
    description: 'GitHub refresh token',
    keywords: ['ghr_'],
    regex: String.raw`\b(ghr_[0-9A-Za-z]{36,76})\b`,
    check: 'github-checksum',
    prefix: 4,
  },
  {
    id: 'github-fine-grained-pat',
    description: 'GitHub fine-grained personal access token',
    keywords: ['github_pat_'],
    regex: String.raw`\b(github_pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{59})\b`,
    entropy: 3.5,
    prefix: 11,
  },
  {
    id: 'gitlab-pat',
    description: 'GitLab personal access token',
    keywords: ['glpat-'],
    regex: String.raw`\b(glpat-[0-9A-Za-z_-]{20,}(?:\.[0-9A-Za-z]{2}\.[0-9A-Za-z]{9})?)${END}`,
    entropy: 3,
    prefix: 6,
  },
  {
    id: 'gitlab-token',
    description: 'GitLab deploy, runner, trigger or feed token',
    keywords: ['gldt-', 'glrt-', 'glptt-', 'glft-', 'glsoat-', 'glcbt-', 'glimt-', 'gloas-', 'glagent-', 'gr1348941'],
    regex: String.raw`\b((?:gl(?:dt|rt|ptt|ft|soat|cbt|imt|oas|agent)-|GR1348941)[0-9A-Za-z_-]{20,})${END}`,
    entropy: 3,
    prefix: 5,
  },
  {
    id: 'slack-bot-token',
    description: 'Slack bot token',
    keywords: ['xoxb-'],
    regex: String.raw`\b(xoxb-[0-9]{10,13}-[0-9]{10,13}-[0-9A-Za-z]{20,34})${END}`,
    prefix: 5,
  },
  {
    id: 'slack-user-token',
    description: 'Slack user or legacy token',
    keywords: ['xoxp-', 'xoxe-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxo-', 'xoxe.xox'],
    regex: String.raw`\b((?:xoxe\.)?xox[pearso]-[0-9]{1,13}(?:-[0-9A-Za-z]{1,40}){2,4})${END}`,
    entropy: 3,
    prefix: 5,
  },
  {
    id: 'slack-app-token',
    description: 'Slack app-level token',
    keywords: ['xapp-'],
    regex: String.raw`\b(xapp-\d-[A-Z0-9]{8,}-\d{8,}-[a-z0-9]{32,})${END}`,
    prefix: 5,
  },
  {
    id: 'slack-webhook-url',
    description: 'Slack incoming webhook URL',
    keywords: ['https://hooks.slack.com/'],
    regex: String.raw`(https?://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{40,90})`,
    entropy: 3.5,
    prefix: 24,
  },
  {
    id: 'stripe-access-token',
    description: 'Stripe secret or restricted API key',
    keywords: ['sk_live_', 'sk_test_', 'sk_prod_', 'rk_live_', 'rk_test_', 'rk_prod_'],
    // a real key's random part is 24 characters (legacy) or ~99 (`51…`); shorter ones are test stand-ins
    regex: String.raw`\b((?:sk|rk)_(?:live|test|prod)_[0-9A-Za-z]{24,247})\b`,
    entropy: 3,
    prefix: 8,
  },
  {
    id: 'stripe-webhook-secret',
    description: 'Stripe webhook signing secret',
    keywords: ['whsec_'],
    regex: String.raw`\b(whsec_[0-9A-Za-z+/]{32,64})${END}`,
    entropy: 3.5,
    prefix: 6,
  },
  {
    id: 'gcp-api-key',
    description: 'Google API key',
    keywords: ['aiza'],
    regex: String.raw`\b(AIza[0-9A-Za-z_-]{35})${END}`,
    entropy: 3,
    prefix: 4,
  },
  {
    id: 'gcp-service-account',
    start: 'window',
    description: 'Google Cloud service-account key (JSON with a private key)',
    keywords: ['service_account'],
    regex: String.raw`"type"\s*:\s*"service_account"[\s\S]{0,4000}?"private_key"\s*:\s*"(-----BEGIN[A-Z ]{0,30}PRIVATE KEY-----[^"]{64,8000}?-----END[A-Z ]{0,30}PRIVATE KEY-----(?:\\n)?)"`,
    check: 'private-key',
    multiline: 12000,
    rank: 5,
  },
  {
    id: 'azure-storage-key',
    description: 'Azure storage account key (connection string)',
    keywords: ['accountkey'],
    regex: String.raw`AccountKey\s{0,3}=\s{0,3}([A-Za-z0-9+/]{86}==)`,
    flags: 'i',
    entropy: 4,
  },
  {
    id: 'private-key',
    start: 'window',
    description: 'Private key',
    keywords: ['private key-----', 'private key block-----'],
    regex: String.raw`(-----BEGIN[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----[\s\S]{64,}?-----END[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----)`,
    check: 'private-key',
    multiline: 64 * 1024,
    rank: 20,
  },
  {
    id: 'jwt',
    description: 'JSON Web Token',
    keywords: ['eyj'],
    regex: String.raw`\b(ey[A-Za-z0-9_-]{12,}\.ey[A-Za-z0-9_-]{12,}\.[A-Za-z0-9_-]{16,})${END}`,
    check: 'jwt',
    entropy: 3,
    prefix: 3,
  },
];

/** Every built-in rule, specific ones first (a lower rank wins overlaps). */
export const BUILTIN_RULES: readonly RuleSpec[] = [...CORE_RULES, ...MORE_RULES].map((r) => ({ rank: 10, start: 'keyword', ...r }));
