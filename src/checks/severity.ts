import { isSecretName } from '../secrets/redact.js';
import type { Guardrail, Level } from '../types.js';
import type { CheckKind } from './types.js';

/**
 * SARIF `security-severity` of a guardrail's rule, or undefined when the guardrail is not about
 * security (code scanning then rates its alerts by `level` alone, not as Critical/High/Medium/Low).
 * A guardrail's own `security-severity:` wins. Otherwise a guardrail is about security when its
 * kind says so for it (secrets; config-value on a secret-looking or CORS key) or it is tagged
 * `security`, and the score follows its severity: error → the kind's score (secrets 9.0, others
 * 7.5: High), warning → 5.0 (Medium), note → 3.0 (Low).
 */
export function securitySeverityOf(kind: CheckKind, g: Guardrail): number | undefined {
  if (g.securitySeverity !== undefined) return g.securitySeverity;
  const security = kind.security?.(g) === true || g.tags?.includes('security') === true;
  if (!security) return undefined;
  return SCALE[g.severity] ?? kind.securitySeverity ?? ERROR_DEFAULT;
}

const ERROR_DEFAULT = 7.5;
const SCALE: Partial<Record<Level, number>> = { warning: 5.0, note: 3.0 };

/** A setting whose value is a credential or a cross-origin policy: a security matter. */
export function isSecuritySetting(key: string): boolean {
  const last = key.split('.').pop() ?? key;
  return isSecretName(last) || isSecretName(key.replace(/\./g, '_')) || /cors|allowed[-_]?origins?|access[-_]control/i.test(key);
}
