/** The product version, replaced from package.json at bundle time when bundled. */
export const VERSION: string = '0.1.0';
