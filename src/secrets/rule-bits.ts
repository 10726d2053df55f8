/** Pieces of patterns shared by the built-in rules. */

/** `= "…"`, `: …`, `=> '…'`, `:= "…"` between a name and a value, quotes and brackets allowed. */
export const ASSIGN = String.raw`["'\]]{0,2}[ \t]{0,4}(?::=|=>|=|:)[ \t]{0,4}["']?`;

/** Tokens end where a token character would continue them. */
export const END = String.raw`(?![0-9A-Za-z_-])`;
