import type { CheckKind, JsonSchema } from '../checks/types.js';

export const SCHEMA_ID = 'https://living-architecture.dev/schemas/guardrails.schema.json';

/** Keys every guardrail may have, whatever its kind. */
export const COMMON_PROPERTIES: Record<string, JsonSchema> = {
  id: {
    type: 'string',
    pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
    'x-hint': "use kebab-case: lowercase letters, digits and single dashes, e.g. 'no-cycles-backend'",
    description: 'Unique, kebab-case; becomes the SARIF ruleId.',
  },
  title: { type: 'string', minLength: 1, description: 'One line a person reads in the summary and the Security tab.' },
  severity: { enum: ['error', 'warning', 'note'], default: 'error', description: 'How bad a finding is; fail-on gates on it. Default: error.' },
  audit: { type: 'string', minLength: 1, description: 'A repository path (with #anchor) or URL explaining the guardrail: SARIF helpUri and the summary link.' },
  rationale: { type: 'string', minLength: 1, description: 'Why the guardrail exists: SARIF fullDescription.' },
  goals: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Business-goal ids of the intelligence map that this guardrail protects.' },
  tags: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Extra SARIF tags.' },
  'security-severity': {
    type: 'number',
    minimum: 0.1,
    maximum: 10,
    description:
      "SARIF security-severity of the guardrail's alerts (code scanning: 9.0+ Critical, 7.0+ High, 4.0+ Medium, else Low). Default: only security guardrails (secrets, credential or CORS settings, tag security) get one, by severity: error 7.5 (secrets 9.0), warning 5.0, note 3.0.",
  },
  enabled: { type: 'boolean', default: true, description: 'false keeps the guardrail in the file without running it.' },
  check: { type: 'string', description: 'The check kind.' },
};

export const TOP_LEVEL_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    $schema: { type: 'string' },
    version: { const: 1, description: 'The format version: 1.' },
    exclude: {
      type: 'array',
      items: { type: 'string', format: 'repo-glob', minLength: 1 },
      description: 'Globs never checked, added to the built-in excludes (node_modules, .git, dist, build, .venv, vendor, …).',
    },
    guardrails: { type: 'array', items: { type: 'object' }, description: 'The architectural invariants.' },
  },
  required: ['guardrails'],
  additionalProperties: false,
};

/** Schema of one guardrail of a given kind: the common keys plus the kind's own, nothing else. */
export function guardrailSchema(kind: CheckKind): JsonSchema {
  const props: Record<string, JsonSchema> = { ...COMMON_PROPERTIES, ...kind.schema.properties, check: { const: kind.kind, description: kind.description } };
  const { properties: _p, required, ...rest } = kind.schema;
  return {
    type: 'object',
    properties: props,
    required: ['id', 'check', ...(required ?? [])],
    additionalProperties: false,
    ...rest,
  };
}

/** The whole file's schema, for editors (`# yaml-language-server: $schema=…`) and for `schemas/`. */
export function publishedSchema(kinds: readonly CheckKind[]): JsonSchema {
  const top = TOP_LEVEL_SCHEMA as { properties: Record<string, JsonSchema> };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'Living Architecture Guardrails configuration',
    description: 'guardrails.yaml: the architectural invariants a repository keeps. See the README.',
    type: 'object',
    properties: {
      ...top.properties,
      guardrails: {
        type: 'array',
        description: 'The architectural invariants.',
        items: {
          type: 'object',
          required: ['id', 'check'],
          properties: { check: { enum: kinds.map((k) => k.kind), description: 'The check kind.' } },
          allOf: kinds.map((k) => ({ if: { properties: { check: { const: k.kind } }, required: ['check'] }, then: stripHints(guardrailSchema(k)) })),
        },
      },
    },
    required: ['guardrails'],
    additionalProperties: false,
  };
}

/** Our `x-hint` and the custom formats are for our own validator; editors just ignore unknown formats. */
function stripHints(s: unknown): JsonSchema {
  return JSON.parse(JSON.stringify(s, (k, v) => (k === 'x-hint' ? undefined : v))) as JsonSchema;
}
