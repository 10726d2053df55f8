import { javascript } from './javascript/index.js';
import { python } from './python/index.js';
import type { Language } from './types.js';
import { extensionTest } from '../util/paths.js';

export type { FileFacts, FileReading, ImportFact, ImportStatement, Language, Resolver, SourceTree } from './types.js';

/**
 * The languages of the import graph, one folder each under src/lang/. Adding a language is adding
 * its folder and its line here (or `registerLanguage` from a test); the graph (`language: auto`),
 * the per-file facts (facts.ts) and `languageOf` then know its files. Python and JavaScript also
 * have whole-graph builders of their own (graph/python.ts, graph/javascript.ts); any other language
 * gets the graph of its files' resolved imports (graph/generic.ts).
 */
const BUILT_IN: readonly Language[] = [python, javascript];
const extra: Language[] = [];

export function languages(): readonly Language[] {
  return extra.length ? [...BUILT_IN, ...extra] : BUILT_IN;
}

/** Add a language for this process (a plug-in, a test). Its name must be new. */
export function registerLanguage(lang: Language): () => void {
  if (languages().some((l) => l.name === lang.name)) throw new Error(`language '${lang.name}' is already registered`);
  extra.push(lang);
  return () => {
    const i = extra.indexOf(lang);
    if (i >= 0) extra.splice(i, 1);
  };
}

/** The language a file belongs to by its name, or null. */
export function languageOf(file: string): Language | null {
  for (const l of languages()) if (l.extensions.some((e) => file.endsWith(e))) return l;
  return null;
}

export function languageNamed(name: string): Language | null {
  return languages().find((l) => l.name === name) ?? null;
}

/** Every extension of every language. */
export function allExtensions(): string[] {
  return languages().flatMap((l) => [...l.extensions]);
}

export const isPython: (file: string) => boolean = extensionTest(python.extensions);

export const isJs: (file: string) => boolean = extensionTest(javascript.extensions);
