/**
 * The guardrails run when a repository has no guardrails.yaml: safe for any codebase, said so in
 * the summary. Validated through the same loader as a user's file.
 */
export const DEFAULT_GUARDRAILS_YAML = `version: 1
guardrails:
  - id: monolith-size
    title: No source file grows into a monolith
    severity: warning
    rationale: Files past a thousand lines collect unrelated responsibilities and are hard to review and test.
    check: max-lines
    paths: ["**/*.{py,js,jsx,mjs,cjs,ts,tsx,mts,cts,go,java,kt,rb,rs,cs,php,swift,scala}"]
    exclude: ["**/*.min.js", "**/*.d.ts", "**/migrations/**", "**/*_pb2.py", "**/generated/**"]
    max: 1000
  - id: no-committed-secrets
    title: No credentials committed to the repository
    rationale: A committed credential leaks with every clone and fork; revoke it, then read it from the environment or a secret store.
    check: secrets
`;
