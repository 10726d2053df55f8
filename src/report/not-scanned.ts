import type { WorkspaceStats } from '../types.js';

/**
 * The job summary's line on files the run did not read, so nothing goes unscanned silently:
 * "Not scanned: 3 binary, 1 over 8 MiB, 1 name not UTF-8", then the first files of each reason.
 * Undefined when every file was readable.
 */
export function notScannedLine(ws: WorkspaceStats): string | undefined {
  const shown = reasons(ws);
  if (shown.length === 0) return undefined;
  const line = `Not scanned: ${shown.map(([n, label]) => `${n} ${label}`).join(', ')}`;
  const lists = shown
    .filter(([, , files]) => files.length > 0)
    .map(([n, label, files]) => `${label}: ${files.map((f) => `<code>${literal(f)}</code>`).join(', ')}${n > files.length ? `, … ${n - files.length} more` : ''}`);
  return `<sub>${line}${lists.length ? ` — ${lists.join('; ')}` : ''}</sub>`;
}

/** The same counts as plain text, without file names (the terminal report; the JSON report names them). */
export function notScannedCounts(ws: WorkspaceStats): string | undefined {
  const shown = reasons(ws);
  return shown.length ? `Not scanned: ${shown.map(([n, label]) => `${n} ${label}`).join(', ')}` : undefined;
}

function reasons(ws: WorkspaceStats): [count: number, label: string, files: string[]][] {
  const named = ws.notScanned ?? { binary: [], large: [], names: [] };
  const parts: [count: number, label: string, files: string[]][] = [
    [ws.skippedBinary, 'binary', named.binary],
    [ws.skippedLarge, 'over 8 MiB', named.large],
    [ws.skippedNames ?? 0, (ws.skippedNames ?? 0) === 1 ? 'name not UTF-8' : 'names not UTF-8', named.names],
    [ws.skippedSpecial ?? 0, (ws.skippedSpecial ?? 0) === 1 ? 'symlink or special file' : 'symlinks or special files', []],
  ];
  return parts.filter(([n]) => n > 0);
}

/** A repository's file name shown as written: every character Markdown or HTML could act on becomes an entity. */
function literal(s: string): string {
  return s.replace(/[&<>"'`*_~[\]()!@#|\\:]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\u0000-\u001f\u007f]/g, (c) => `&#${c.charCodeAt(0)};`);
}
