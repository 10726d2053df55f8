import { describe, expect, it } from 'vitest';
import { toSarif } from '../../src/report/sarif.js';
import { runOn } from '../run.js';
import { assertValidSarif } from './validate-sarif.js';

const files = {
  '.env': 'DB_POOL_SIZE=2\nSECRET_KEY=change-me\nCORS_ALLOWED_ORIGINS=*\nLOG_LEVEL=debug\nAPI_TOKEN=change-me\n',
};
const yaml = `version: 1
guardrails:
  - id: pool-size
    severity: warning
    check: config-value
    files: [".env"]
    key: DB_POOL_SIZE
    min: 5
  - id: secret-key
    check: config-value
    files: [".env"]
    key: SECRET_KEY
    forbid: change-me
  - id: token-warn
    severity: warning
    check: config-value
    files: [".env"]
    key: API_TOKEN
    forbid: change-me
  - id: cors
    severity: note
    check: config-value
    files: [".env"]
    key: CORS_ALLOWED_ORIGINS
    forbid: "*"
  - id: log-level
    severity: warning
    tags: [security]
    check: config-value
    files: [".env"]
    key: LOG_LEVEL
    forbid: debug
  - id: explicit
    severity: warning
    security-severity: 9.5
    check: config-value
    files: [".env"]
    key: DB_POOL_SIZE
    max: 1
  - id: leaks
    check: secrets
`;

describe('SARIF security-severity', () => {
  it('is written only for security guardrails, scaled by their severity, and a guardrail may set it', async () => {
    const { report } = await runOn(files, yaml);
    const { json } = toSarif(report, { category: 'c' });
    assertValidSarif(json);
    const rules = JSON.parse(json).runs[0].tool.driver.rules as { id: string; properties: { tags: string[]; 'security-severity'?: string } }[];
    const sev = Object.fromEntries(rules.filter((r) => !r.id.includes('/')).map((r) => [r.id, r.properties['security-severity']]));
    expect(sev).toEqual({ 'pool-size': undefined, 'secret-key': '7.5', 'token-warn': '5.0', cors: '3.0', 'log-level': '5.0', explicit: '9.5', leaks: '9.0' });
    const tags = (id: string) => rules.find((r) => r.id === id)!.properties.tags;
    // A pool size is not a security alert: no `security` tag, which code scanning would classify by.
    expect(tags('pool-size')).not.toContain('security');
    expect(tags('secret-key')).toContain('security');
  });

  it('refuses a security-severity out of range with the file and line', async () => {
    await expect(runOn(files, 'version: 1\nguardrails:\n  - id: x\n    security-severity: 11\n    check: max-lines\n    max: 3\n')).rejects.toThrow(/'security-severity' must be <= 10/);
  });
});
