/**
 * Display text (resource names, MGN hostnames, tag values, annotations) without the characters that
 * rewrite a terminal, a log viewer or an e-mail: C0/C1 control characters (ESC sequences erase and
 * overwrite lines), bidirectional-override characters (they reorder what a reader sees) and the
 * Unicode line and paragraph separators (they break a line in JSON and log viewers).
 * Identifiers reported to AWS Config (resource ids, ARNs) never pass through here: they stay exact.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** Whitespace that breaks or tabulates a line (it becomes one space in `displayLine`). */
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;

/** Whether the text holds a character `display` removes. */
function hasUnsafe(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}

/** The text with control and bidirectional-override characters removed (tabs and newlines too: one line). */
function display(text: string): string {
  return text.replace(UNSAFE, "");
}

/** `display` for a sentence (an annotation): line breaks and tabs become one space, then `display`. */
function displayLine(text: string): string {
  return display(text.replace(LINE_BREAKS, " "));
}

/** `display` for an optional value. */
function optDisplay(text: string | undefined): string | undefined {
  return text === undefined ? undefined : display(text);
}

export { display, displayLine, hasUnsafe, optDisplay, UNSAFE };
