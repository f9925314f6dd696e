/**
 * Detectors of sensitive values in free text (names, tags, connection strings), shared by the
 * `migration-no-sensitive-data` rule and the `--capture` redaction (util/redact.ts), and the typed
 * redaction markers a capture leaves in place of a secret (`[redacted:secret]`, ...), which the rule
 * reports like the secret itself.
 *
 * Every pattern runs in time linear in the text: each one can start only at a boundary (a
 * lookbehind), its parts are separated by characters the parts before cannot hold, and the parts
 * that could backtrack are bounded ({1,64}). A 60,000-character field is scanned in milliseconds.
 */

type Finding = "an e-mail address" | "an AWS access key id" | "a secret" | "a private key" | "credentials";

/** What a redaction marker stands for. */
type RedactionKind = "secret" | "credentials" | "private-key" | "pem" | "wallet" | "script" | "binary";

/** `[redacted:secret]` */
function marker(kind: RedactionKind): string {
  return `[redacted:${kind}]`;
}

/** A redaction marker in captured text, and the finding it stands for. */
const MARKER = /\[redacted:(secret|credentials|private-key)\]/g;
const MARKER_FINDING: Readonly<Record<string, Finding>> = {
  secret: "a secret",
  credentials: "credentials",
  "private-key": "a private key",
};

/** Local part (at most 64 characters, RFC 5321) starting at a boundary, `@`, dot-separated labels. */
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,16}[A-Za-z]{2,63}/g;
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;
/** DMS lower-cases identifiers, so an access key id in one is lower case. */
const ACCESS_KEY_ID_ANY_CASE = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/gi;
/**
 * `password=…`, `secret: …`, `token = "…"`, and SQL's `PASSWORD '…'`: group 1 the keyword and
 * separator, group 2 the value (quoted, or up to a separator).
 */
const SECRET_ASSIGNMENT =
  /((?<![A-Za-z])(?:password|passwd|pwd|secret|token|api[_-]?key)["']?(?:[ \t]{0,16}[=:][ \t]{0,16}|[ \t]{1,16}(?=['"])))("[^"]*"|'[^']*'|[^\s;,&]+)/gi;
const PRIVATE_KEY = /-----BEGIN [A-Z ]{0,32}PRIVATE KEY-----/g;
/**
 * `scheme://user:password@host` (the password may hold `@`: up to the last one before the host), or
 * a bare `user:password@host` (Kafka's Broker) after a separator. Groups: 1 the scheme, 2 its
 * `user:password`; 3 the bare `user:password`.
 */
const URL_CREDENTIALS =
  /(?:((?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,31}:\/\/)([^\s/@:]+:[^\s/]+)|(?<=^|[\s,;=])([^\s/@:,;=]+:[^\s/,;=]+))(?=@[\w.-])/gi;

export type { Finding, RedactionKind };
export {
  ACCESS_KEY_ID,
  ACCESS_KEY_ID_ANY_CASE,
  EMAIL,
  MARKER,
  MARKER_FINDING,
  marker,
  PRIVATE_KEY,
  SECRET_ASSIGNMENT,
  URL_CREDENTIALS,
};
