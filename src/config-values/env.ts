import { known, unknown, type Assignment, type ConfigValue } from './types.js';

/**
 * `.env` files as dotenv / docker compose read them: `KEY=value`, `export KEY=value`, single,
 * double and backtick quotes (double quotes may span lines and know `\n`), `# comments` after
 * unquoted values. A value that is a variable reference (`${OTHER}`) is not a literal, except
 * `${OTHER:-default}` / `${OTHER-default}` whose value, when unset, is the default.
 */
export function readEnv(file: string, text: string): Assignment[] {
  const out: Assignment[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    const m = /^(\s*)(export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s?(.*)$/.exec(raw);
    if (!m) continue;
    const key = m[3]!;
    const column = m[1]!.length + (m[2]?.length ?? 0) + 1;
    let rest = m[4]!.replace(/^\s+/, '');
    let value: ConfigValue;
    const q = rest[0];
    if (q === '"' || q === "'" || q === '`') {
      let body = rest.slice(1);
      let end = closingQuote(body, q);
      const start = i;
      while (end < 0 && q === '"' && i + 1 < lines.length && i - start < 1000) {
        i++;
        body += `\n${lines[i]!.replace(/\r$/, '')}`;
        end = closingQuote(body, q);
      }
      body = end < 0 ? body : body.slice(0, end);
      const v = q === '"' ? body.replace(/\\([nrt"\\])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c) : body;
      value = q === "'" ? known(v, rest) : interpolated(v, rest);
      out.push({ key, path: [key], file, line: start + 1, column, value, source: 'env' });
      continue;
    }
    rest = rest.replace(/\s#.*$/, '').trim();
    if (rest.startsWith('#')) rest = '';
    value = interpolated(rest, rest);
    out.push({ key, path: [key], file, line: i + 1, column, value, source: 'env' });
  }
  return out;
}

function closingQuote(s: string, q: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && q === '"') i++;
    else if (s[i] === q) return i;
  }
  return -1;
}

/** Interpolation as docker compose and python-dotenv do it, statically. */
export function interpolated(v: string, text: string): ConfigValue {
  if (!v.includes('$')) return known(jsonList(v) ?? v, text);
  const whole = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:?-)([^}]*)\}$/.exec(v);
  if (whole) return known(whole[3]!, text);
  if (/\$\{?[A-Za-z_]/.test(v)) return unknown(text);
  return known(v.replace(/\$\$/g, '$'), text);
}

/** A value written as a JSON array of scalars (how Pydantic reads list settings from the environment). */
function jsonList(v: string): string[] | null {
  if (!/^\[.*\]$/s.test(v.trim())) return null;
  try {
    const parsed: unknown = JSON.parse(v);
    return Array.isArray(parsed) && parsed.every((x) => typeof x === 'string' || typeof x === 'number') ? parsed.map(String) : null;
  } catch {
    return null;
  }
}
