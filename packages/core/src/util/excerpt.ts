/**
 * A short, printable excerpt of untrusted text (an unknown key, an unexpected field value) for an
 * error or a log line: C0/C1 control characters and bidirectional-override characters removed,
 * cut to `max` characters (40 by default) with "…". Input text is never echoed beyond this.
 */

import { UNSAFE as UNPRINTABLE } from "./display.js";

/** The default and largest excerpt length. */
const EXCERPT_MAX = 40;

function excerpt(text: string, max: number = EXCERPT_MAX): string {
  // Look at a bounded prefix only: a 100 KB key costs no more than a short one.
  const clean = text.slice(0, max * 4).replace(UNPRINTABLE, "");
  return clean.length > max || text.length > max * 4 ? `${clean.slice(0, max - 1)}…` : clean;
}

/** The excerpt, JSON-quoted, for messages: `"abc…"`. */
function quoted(text: string, max: number = EXCERPT_MAX): string {
  return JSON.stringify(excerpt(text, max));
}

export { EXCERPT_MAX, excerpt, quoted };
