/**
 * User-supplied regular expressions (the `allowedPatterns` parameter) run under bounds: a pattern is
 * accepted only when it cannot backtrack catastrophically, and it is only ever applied to strings
 * of at most SAFE_INPUT_MAX characters.
 *
 * Refused: patterns over SAFE_PATTERN_MAX characters; backreferences; a repeated group (`*`, `+`,
 * `{n,}`) that holds a quantifier or an alternation, as `(a+)+` or `(a|ab)*` (exponential
 * backtracking); more than three unbounded quantifiers (polynomial backtracking of a high degree).
 * What is left backtracks at most cubically, on at most SAFE_INPUT_MAX characters.
 */

const SAFE_PATTERN_MAX = 200;
const SAFE_INPUT_MAX = 256;
const MAX_UNBOUNDED = 3;

interface Quantifier {
  /** Index just after the quantifier (and a lazy `?`). */
  end: number;
  unbounded: boolean;
}

/** The quantifier starting at `i` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`), if any. */
function quantifierAt(source: string, i: number): Quantifier | undefined {
  const c = source[i];
  let end: number;
  let unbounded: boolean;
  if (c === "*" || c === "+") {
    end = i + 1;
    unbounded = true;
  } else if (c === "?") {
    end = i + 1;
    unbounded = false;
  } else if (c === "{") {
    const braces = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i, i + 24));
    if (!braces) return undefined;
    end = i + braces[0].length;
    unbounded = braces[2] !== undefined && braces[3] === "";
  } else {
    return undefined;
  }
  if (source[end] === "?") end++;
  return { end, unbounded };
}

/** Why `source` is refused as a user pattern, or undefined when it is accepted. */
function unsafePatternReason(source: string): string | undefined {
  if (source.length > SAFE_PATTERN_MAX) return `longer than ${SAFE_PATTERN_MAX} characters`;
  try {
    new RegExp(source, "i");
  } catch {
    return "not a valid regular expression";
  }
  /** Per open group: whether it holds a quantifier or an alternation. */
  const groups: boolean[] = [false];
  let unbounded = 0;
  const mark = () => {
    groups[groups.length - 1] = true;
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      if (/[1-9k]/.test(source[i + 1] ?? "")) return "backreferences are not accepted";
      i++;
    } else if (c === "[") {
      // A character class: skip to its closing bracket (escapes inside).
      for (i++; i < source.length && source[i] !== "]"; i++) if (source[i] === "\\") i++;
    } else if (c === "(") {
      groups.push(false);
      // Group syntax `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?<name>` is not a quantifier.
      if (source[i + 1] === "?") {
        const prefix = /^\(\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(source.slice(i, i + 40));
        if (prefix) i += prefix[0].length - 1;
      }
    } else if (c === "|") {
      mark();
    } else if (c === ")") {
      const inner = groups.pop() ?? false;
      if (groups.length === 0) groups.push(false);
      const q = quantifierAt(source, i + 1);
      if (q) {
        if (q.unbounded) {
          unbounded++;
          if (inner)
            return "a repeated group holding a quantifier or an alternation, as (a+)+ or (a|b)*, can take exponential time";
        }
        mark();
        i = q.end - 1;
      } else if (inner) {
        mark();
      }
    } else {
      const q = quantifierAt(source, i);
      if (q) {
        if (q.unbounded) unbounded++;
        mark();
        i = q.end - 1;
      }
    }
  }
  if (unbounded > MAX_UNBOUNDED) return `more than ${MAX_UNBOUNDED} unbounded quantifiers (*, +, {n,})`;
  return undefined;
}

/** Whether `text` matches one of the (validated, anchored) user patterns; longer texts never do. */
function matchesBounded(text: string, patterns: readonly RegExp[]): boolean {
  if (text.length > SAFE_INPUT_MAX) return false;
  return patterns.some((p) => p.test(text));
}

export { MAX_UNBOUNDED, matchesBounded, SAFE_INPUT_MAX, SAFE_PATTERN_MAX, unsafePatternReason };
