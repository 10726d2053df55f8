/** What a migrations reader found wrong, before it becomes a finding of a guardrail. */
export interface Problem {
  file: string;
  line: number;
  column?: number;
  message: string;
  /** What the problem is about, independent of lines (see Finding.identity). */
  identity: string;
  properties?: Record<string, unknown>;
}

export interface ToolResult {
  problems: Problem[];
  /** One line about what was read, for the summary. */
  detail: string;
  /** Set when `path` holds nothing of the tool at all (a configuration mistake): why. */
  missing?: string;
}

/** Sort problems the way reports sort findings. */
export function sortProblems(ps: Problem[]): Problem[] {
  return ps.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));
}
