/** JSON Schema of the SLO monitors file: the source of schemas/slo-monitors.schema.json. */

export const SLO_SCHEMA_ID = 'https://living-architecture.dev/schemas/slo-monitors.schema.json';

const duration = {
  description: 'A duration: `200ms`, `1.5s`, `1m`, or a number of milliseconds.',
  oneOf: [
    { type: 'number', exclusiveMinimum: 0 },
    { type: 'string', pattern: '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m)\\s*$', 'x-hint': 'write a duration like 200ms, 1.5s or 1m, or a number of milliseconds' },
  ],
};

const headers = {
  type: 'object',
  additionalProperties: { type: 'string' },
  description: 'Request headers. `${NAME}` is replaced by the environment variable NAME (for tokens); values are never printed.',
};

const routePath = { type: 'string', pattern: '^/', description: 'Path on the service, from the base URL (`/health`); a query string is allowed.' };

const probe = {
  type: 'object',
  additionalProperties: false,
  required: ['path'],
  description: 'Synthetic requests: availability is the share answered with the expected status, latency percentiles are over all of them.',
  properties: {
    method: { enum: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], default: 'GET' },
    path: routePath,
    requests: { type: 'integer', minimum: 1, maximum: 10000, default: 100, description: 'How many requests (counted against the run budget).' },
    concurrency: { type: 'integer', minimum: 1, maximum: 64, default: 1, description: 'Requests in flight at once.' },
    timeout: { ...duration, description: 'Per request (default 5s, at most 60s); a request that takes longer fails.' },
    'expect-status': {
      description: 'Status(es) that count as success: a code, a list, or a class like `2xx` (default `2xx`).',
      oneOf: [
        { type: 'integer', minimum: 100, maximum: 599 },
        { type: 'string', pattern: '^[1-5]xx$' },
        {
          type: 'array',
          minItems: 1,
          items: {
            oneOf: [
              { type: 'integer', minimum: 100, maximum: 599 },
              { type: 'string', pattern: '^[1-5]xx$' },
            ],
          },
        },
      ],
    },
    headers,
    body: { type: 'string', description: 'Request body (sent as is).' },
  },
};

const gauge = {
  type: 'object',
  additionalProperties: false,
  required: ['path', 'json'],
  anyOf: [{ required: ['max'] }, { required: ['min'] }],
  description: 'A number read from a JSON endpoint (e.g. pool utilization from /health/readiness), compared to max and/or min.',
  properties: {
    method: { enum: ['GET', 'POST'], default: 'GET' },
    path: routePath,
    json: { type: 'string', minLength: 1, description: 'Where the number is: `database.pool.utilization`, `checks[0].value`, `$.a.b`.' },
    max: { type: 'number', description: 'Breached above this value.' },
    min: { type: 'number', description: 'Breached below this value.' },
    samples: { type: 'integer', minimum: 1, maximum: 100, default: 1, description: 'Readings taken; the worst one counts.' },
    timeout: duration,
    headers,
  },
};

const slo = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  anyOf: [{ required: ['availability'] }, { required: ['latency'] }, { required: ['gauge'] }],
  properties: {
    id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', description: 'Unique; the intelligence map refers to it from goals.' },
    title: { type: 'string' },
    description: { type: 'string' },
    availability: { type: 'number', exclusiveMinimum: 0, maximum: 100, description: 'Percent of probes that must succeed, e.g. 99.9.' },
    latency: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      patternProperties: { '^p(100|[1-9]?[0-9](\\.[0-9]+)?)$': duration },
      properties: { max: duration },
      description: 'Upper bounds of latency percentiles (nearest rank over all probes): `p95: 200ms`, `p99: 500ms`, `max: 2s`.',
    },
    probe,
    gauge,
  },
};

export const SLO_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: SLO_SCHEMA_ID,
  title: 'Living Architecture SLO monitors',
  description: 'infra/selfcheck/slo-monitors.yml: the service level objectives and the synthetic probes that measure them. OpenSLO v1 documents (kind: SLO) are read too.',
  type: 'object',
  additionalProperties: false,
  required: ['slos'],
  properties: {
    $schema: { type: 'string' },
    version: { const: 1 },
    'max-requests': { type: 'integer', minimum: 1, maximum: 100000, default: 2000, description: 'Budget of the whole run: probing stops before it starts when the SLOs ask for more.' },
    rate: { type: 'number', exclusiveMinimum: 0, maximum: 1000, default: 100, description: 'At most this many requests start per second, over all probes.' },
    slos: { type: 'array', minItems: 1, items: slo },
  },
} as const;
