/** JSON Schema of the system intelligence map: the source of schemas/system-intelligence-map.schema.json. */

export const MAP_SCHEMA_ID = 'https://living-architecture.dev/schemas/system-intelligence-map.schema.json';

const ids = (description: string) => ({ type: 'array', items: { type: 'string', minLength: 1 }, description });
const text = (description: string) => ({ type: 'string', description });
const LEVEL = { enum: ['error', 'warning', 'note', 'off'] };

const moduleEntry = {
  type: 'object',
  description: 'A module (file), a folder (`backend/services/`) or a glob (`backend/services/**`) and what it is for. Any other key is kept by `map generate`.',
  properties: {
    purpose: text('What the module is for, in one line.'),
    goals: ids('Business goals (keys of `goals`) this module serves: a finding in it endangers them.'),
    imports: { ...ids('Written by `map generate`: files this module imports when it is loaded.'), readOnly: true },
    routes: { ...ids('Written by `map generate`: HTTP routes declared in this module.'), readOnly: true },
    wraps: {
      type: 'array',
      items: { enum: ['database', 'cache', 'http', 'queue', 'storage'] },
      readOnly: true,
      description: 'Written by `map generate`: external dependencies this module wraps (resilience candidates).',
    },
  },
};

const goal = {
  type: 'object',
  description: 'A business goal. Any other key is kept by `map generate`.',
  properties: {
    title: text('Human name of the goal.'),
    criticalPaths: {
      type: 'array',
      items: { type: 'string', pattern: '^[A-Za-z*]+ +/\\S*$', description: '`METHOD /path`, e.g. `POST /api/auth/login`; parameters in any framework spelling.' },
      description: 'API paths the goal depends on: each must be a route in the code.',
    },
    slos: ids('SLO ids (from the SLO monitors file) that measure the goal.'),
    guardrails: ids('Guardrail ids that protect the goal.'),
  },
};

const resilience = {
  type: 'object',
  required: ['id'],
  description: 'A dependency the system must survive losing, with its failure modes and mitigations.',
  properties: {
    id: { type: 'string', minLength: 1 },
    title: text('Human name.'),
    modules: ids('Modules (paths) that depend on it or wrap it: each must exist.'),
    failureModes: ids('How it fails.'),
    mitigations: ids('What protects the system.'),
    guardrails: ids('Guardrail ids that prove the mitigations are in place.'),
    slos: ids('SLO ids that watch it.'),
    candidate: {
      type: 'boolean',
      description: 'Written by `map generate` for a wrapped dependency no entry covers; `map generate` replaces candidate entries. Remove the key to make the entry yours.',
    },
  },
};

const truth = {
  type: 'object',
  required: ['id'],
  description: 'An architectural truth and the guardrails that prove it.',
  properties: { id: { type: 'string', minLength: 1 }, statement: text('The truth, as a sentence.'), guardrails: ids('Guardrail ids that prove it.') },
};

const evolutionItem = {
  type: 'object',
  required: ['item'],
  description: 'A step of the evolution path. A `done` item whose guardrails fail has regressed.',
  properties: {
    item: { type: 'string', minLength: 1 },
    status: { enum: ['planned', 'in-progress', 'done', 'dropped'], default: 'planned' },
    guardrails: ids('Guardrail ids that prove the item (once done, they must keep passing).'),
  },
};

export const MAP_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: MAP_SCHEMA_ID,
  title: 'Living Architecture system intelligence map',
  description: 'src/observability/system_intelligence_map.json: modules linked to business goals, critical paths, resilience, truths and the evolution path, checked against the code on every run.',
  type: 'object',
  required: ['version'],
  properties: {
    $schema: { type: 'string' },
    version: { const: 1, description: 'The format version: 1.' },
    modules: { type: 'object', additionalProperties: moduleEntry, description: 'Repo-relative file or folder → what it is and which goals it serves.' },
    goals: { type: 'object', additionalProperties: goal, propertyNames: { pattern: '^\\S+$' }, description: 'Business goal id → title, critical paths, SLOs.' },
    resilience: { type: 'array', items: resilience, description: 'Resilience dependencies.' },
    truths: { type: 'array', items: truth, description: 'Architectural truths.' },
    evolution: {
      type: 'object',
      description: 'The evolution path by horizon (immediate, shortTerm, longTerm, or your own).',
      properties: { immediate: { type: 'array', items: evolutionItem }, shortTerm: { type: 'array', items: evolutionItem }, longTerm: { type: 'array', items: evolutionItem } },
      additionalProperties: { type: 'array', items: evolutionItem },
    },
    checks: {
      type: 'object',
      additionalProperties: false,
      description: 'Tuning of the map checks.',
      properties: {
        levels: {
          type: 'object',
          additionalProperties: false,
          properties: { 'missing-module': LEVEL, 'missing-route': LEVEL, 'unknown-reference': LEVEL, 'unmapped-module': LEVEL, regressed: LEVEL },
          description: 'Level of each map rule (error, warning, note) or off.',
        },
        ignore: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'Globs of files that are never source modules for unmapped-module (besides tests, migrations and generated files).',
        },
      },
    },
  },
  patternProperties: { '^x-': {} },
  additionalProperties: false,
} as const;
