import type { RuleSpec } from './types.js';
import { ASSIGN, END } from './rule-bits.js';

/**
 * Built-in rules, part 2: package registries, SaaS APIs, AI providers, URLs with passwords and the
 * generic assignments. Rules whose match starts at the keyword say `start: 'keyword'`; rules whose
 * keyword sits inside a variable name say `start: 'name'` (the scanner walks back to the name's
 * first character and tries the pattern there once), so no pattern ever scans a whole line.
 */

const HEX32 = '[a-f0-9]{32}';
/** The start of a variable name before a keyword inside it: `MY_` of `MY_HEROKU_API_KEY`. */
const NAME_HEAD = '[A-Za-z0-9_.-]{0,40}?';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** A variable name around a keyword: `DB_PASSWORD`, `client.apiKey`, `"auth-token"`. */
const NAME_TAIL = '[A-Za-z0-9_.-]{0,30}';
/** An optional type annotation between name and `=`: `password: str = "…"`, `apiKey: string = '…'`. */
const ANNOTATION = String.raw`(?:[ \t]{0,3}:[ \t]{0,3}[A-Za-z_][\w.|\[\], ]{0,40}?(?=[ \t]{0,3}=[^=]))?`;
const OPERATOR = String.raw`["'\]]{0,2}[ \t]{0,4}(?::=|=>|\?\?=|\|\|=|=(?![=~>])|:(?![:=/]))[ \t]{0,4}`;
/** A value: quoted (group per quote kind) or bare; the scanner takes the group that took part. */
/** After a keyword inside a name: the rest of the name, then an assignment. */
const ASSIGNMENT_FOLLOWS = String.raw`[A-Za-z0-9_.-]{0,40}["'\]]{0,2}[ \t]{0,4}(?:[:=]|\?\?=|\|\|=)`;
const VALUE = String.raw`(?:"([^"\\\r\n]{4,200})"|'([^'\\\r\n]{4,200})'|\x60([^\x60\\\r\n$]{4,200})\x60|([^\s"'\x60;,(){}\[\]<>\\&]{4,200}))`;

export const MORE_RULES: RuleSpec[] = [
  {
    id: 'npm-access-token',
    description: 'npm access token',
    keywords: ['npm_'],
    regex: String.raw`\b(npm_[0-9A-Za-z]{36})\b`,
    entropy: 3,
    prefix: 4,
  },
  {
    id: 'npm-auth-token',
    start: 'name',
    description: 'npm registry auth token (.npmrc _authToken)',
    keywords: ['_authtoken'],
    regex: String.raw`_authToken[ \t]{0,3}=[ \t]{0,3}["']?([^\s"'$]{16,})`,
    flags: 'i',
    check: 'value',
    entropy: 3,
  },
  {
    id: 'pypi-upload-token',
    description: 'PyPI upload token',
    keywords: ['pypi-ageichlwas5vcmc'],
    regex: String.raw`\b(pypi-AgEIcHlwaS5vcmc[0-9A-Za-z_-]{50,})${END}`,
    prefix: 5,
  },
  {
    id: 'twilio-api-key',
    description: 'Twilio API key',
    keywords: [],
    anchors: [`SK(?=${HEX32}\\b)`],
    regex: String.raw`\b(SK${HEX32})\b`,
    entropy: 3,
    prefix: 2,
  },
  {
    id: 'twilio-auth-token',
    start: 'name',
    description: 'Twilio auth token',
    keywords: ['twilio'],
    regex: String.raw`${NAME_HEAD}twilio${NAME_TAIL}(?:auth|token|secret)${NAME_TAIL}${ASSIGN}(${HEX32})\b`,
    flags: 'i',
    entropy: 3,
  },
  {
    id: 'sendgrid-api-token',
    description: 'SendGrid API key',
    keywords: [],
    anchors: [String.raw`SG\.(?=[0-9A-Za-z_-]{22}\.)`],
    regex: String.raw`\b(SG\.[0-9A-Za-z_-]{22}\.[0-9A-Za-z_-]{43})${END}`,
    entropy: 3,
    prefix: 3,
  },
  {
    id: 'mailgun-private-api-token',
    description: 'Mailgun private API key',
    keywords: [],
    anchors: [`key-(?=${HEX32}\\b)`],
    regex: String.raw`\b(key-${HEX32})\b`,
    entropy: 3,
    prefix: 4,
  },
  {
    id: 'mailgun-signing-key',
    start: 'name',
    description: 'Mailgun API or webhook signing key',
    keywords: ['mailgun'],
    regex: String.raw`${NAME_HEAD}mailgun${NAME_TAIL}(?:key|secret|token)${NAME_TAIL}${ASSIGN}(${HEX32}-[a-f0-9]{8}-[a-f0-9]{8})\b`,
    flags: 'i',
    entropy: 3,
  },
  {
    id: 'shopify-access-token',
    description: 'Shopify access token or shared secret',
    keywords: ['shpat_', 'shpss_', 'shpca_', 'shppa_'],
    regex: String.raw`\b(shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32})\b`,
    prefix: 6,
  },
  {
    id: 'heroku-api-key',
    start: 'name',
    description: 'Heroku API key',
    keywords: ['heroku'],
    regex: String.raw`${NAME_HEAD}heroku${NAME_TAIL}(?:key|token|secret)${NAME_TAIL}${ASSIGN}(${UUID})\b`,
    flags: 'i',
  },
  {
    id: 'heroku-api-key-v2',
    description: 'Heroku API key',
    keywords: ['hrku-'],
    regex: String.raw`\b(HRKU-[0-9A-Za-z_-]{60})${END}`,
    entropy: 3,
    prefix: 5,
  },
  {
    id: 'digitalocean-pat',
    description: 'DigitalOcean token',
    keywords: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    regex: String.raw`\b(do[opr]_v1_[a-f0-9]{64})\b`,
    prefix: 7,
  },
  {
    id: 'datadog-access-token',
    start: 'name',
    description: 'Datadog API or application key',
    keywords: ['datadog', 'dd_api', 'dd_app', 'dd-api', 'dd-app', 'dd.api', 'dd.app', 'ddapi', 'ddapp'],
    regex: String.raw`${NAME_HEAD}(?:datadog|dd)[A-Za-z0-9_.-]{0,20}(?:api|app(?:lication)?)[_.-]?key${NAME_TAIL}${ASSIGN}([a-f0-9]{40}|${HEX32})\b`,
    flags: 'i',
    entropy: 3,
  },
  {
    id: 'openai-api-key',
    start: 'window',
    description: 'OpenAI API key',
    keywords: ['t3blbkfj'],
    regex: String.raw`\b(sk-(?:proj-|svcacct-|admin-)?[0-9A-Za-z_-]{16,}T3BlbkFJ[0-9A-Za-z_-]{16,})${END}`,
    entropy: 3,
    prefix: 3,
  },
  {
    id: 'anthropic-api-key',
    description: 'Anthropic API key',
    keywords: ['sk-ant-'],
    regex: String.raw`\b(sk-ant-(?:api03|admin01)-[0-9A-Za-z_-]{93}AA)${END}`,
    prefix: 7,
  },
  {
    id: 'huggingface-access-token',
    description: 'Hugging Face access token',
    keywords: ['hf_'],
    regex: String.raw`\b(hf_[A-Za-z]{34})\b`,
    entropy: 3.5,
    prefix: 3,
  },
  {
    id: 'linear-api-key',
    description: 'Linear API key',
    keywords: ['lin_api_'],
    regex: String.raw`\b(lin_api_[0-9A-Za-z]{40})\b`,
    entropy: 3.5,
    prefix: 8,
  },
  {
    id: 'tailscale-key',
    description: 'Tailscale auth or API key',
    keywords: ['tskey-'],
    regex: String.raw`\b(tskey-(?:auth|api|client|webhook|scim)-[0-9A-Za-z]{8,20}-[0-9A-Za-z]{20,64})${END}`,
    entropy: 3,
    prefix: 6,
  },
  {
    id: 'grafana-token',
    description: 'Grafana cloud or service-account token',
    keywords: ['glc_', 'glsa_'],
    regex: String.raw`\b(glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})(?![A-Za-z0-9+/=_])`,
    entropy: 3,
    prefix: 4,
  },
  {
    id: 'vault-token',
    description: 'HashiCorp Vault token',
    keywords: ['hvs.', 'hvb.'],
    regex: String.raw`\b(hv[sb]\.[0-9A-Za-z_-]{90,300})${END}`,
    entropy: 3.5,
    prefix: 4,
  },
  {
    id: 'groq-api-key',
    description: 'Groq API key',
    keywords: ['gsk_'],
    regex: String.raw`\b(gsk_[0-9A-Za-z]{52})\b`,
    entropy: 3.5,
    prefix: 4,
  },
  {
    id: 'databricks-api-token',
    description: 'Databricks API token',
    keywords: ['dapi'],
    regex: String.raw`\b(dapi[a-f0-9]{32}(?:-\d)?)\b`,
    entropy: 3,
    prefix: 4,
  },
  {
    id: 'age-secret-key',
    description: 'age encryption secret key',
    keywords: ['age-secret-key-1'],
    regex: String.raw`\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b`,
    prefix: 15,
  },
  {
    id: 'doppler-api-token',
    description: 'Doppler API token',
    keywords: ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.'],
    regex: String.raw`\b(dp\.(?:pt|st|sa|ct|scim)\.[0-9A-Za-z]{40,44})\b`,
    entropy: 3.5,
    prefix: 6,
  },
  {
    id: 'database-url',
    description: 'Database URL with an inline password',
    keywords: ['postgres', 'mysql', 'mariadb', 'mongodb', 'redis', 'amqp', 'mssql', 'sqlserver', 'oracle', 'cockroach', 'clickhouse'],
    regex: String.raw`\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|cockroachdb|clickhouse)(?:\+[a-z0-9]+)?://([^\s:@/'"\x60<>]{1,100}):([^\s@/'"\x60<>]{1,200})@[^\s'"\x60<>/]{1,200}`,
    flags: 'i',
    secretGroup: 2,
    nameGroup: 1,
    check: 'db-password',
    rank: 50,
  },
  {
    id: 'url-credentials',
    start: 'name',
    description: 'URL with an inline password',
    keywords: ['://'],
    regex: String.raw`\b(?:https?|ftps?|sftp|smtps?|ldaps?|ssh|git|svn|nats|kafka|mqtts?)://([^\s:@/'"\x60<>]{1,100}):([^\s@/'"\x60<>]{3,200})@[^\s'"\x60<>/]{1,200}`,
    flags: 'i',
    secretGroup: 2,
    nameGroup: 1,
    check: 'db-password',
    entropy: 2.5,
    rank: 60,
  },
  {
    id: 'generic-password',
    start: 'name',
    description: 'Password assigned in code or configuration',
    keywords: ['pass', 'pwd'],
    regex: String.raw`([A-Za-z0-9_.-]{0,40}(?:pass|pwd)${NAME_TAIL})${ANNOTATION}${OPERATOR}${VALUE}`,
    flags: 'i',
    nameGroup: 1,
    check: 'generic',
    gate: ASSIGNMENT_FOLLOWS,
    rank: 90,
  },
  {
    id: 'generic-api-key',
    start: 'name',
    description: 'Secret, token or API key assigned in code or configuration',
    keywords: ['secret', 'token', 'apikey', 'api_key', 'api-key', 'api.key', 'access_key', 'accesskey', 'access-key', 'auth_key', 'authkey', 'private_key', 'privatekey', 'signing_key', 'signingkey', 'encryption_key', 'master_key', 'client_key', 'credential'],
    regex: String.raw`([A-Za-z0-9_.-]{0,40}(?:secret|token|api[_.-]?key|access[_.-]?key|auth[_.-]?key|private[_.-]?key|signing[_.-]?key|encryption[_.-]?key|master[_.-]?key|client[_.-]?key|credential)${NAME_TAIL})${ANNOTATION}${OPERATOR}${VALUE}`,
    flags: 'i',
    nameGroup: 1,
    check: 'generic',
    gate: ASSIGNMENT_FOLLOWS,
    rank: 95,
  },
];
