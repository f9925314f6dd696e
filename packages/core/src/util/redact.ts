import { setOwn } from "./own.js";
import { marker, type RedactionKind, SECRET_ASSIGNMENT, URL_CREDENTIALS } from "./sensitive.js";

/**
 * What `--capture` writes: a deep JSON copy of API outputs with every secret taken out, so that a
 * snapshot can be shared. Secrets go by field name (Password, SaslPassword, SecurityDbEncryption,
 * ...: the field is left out) and by value, in every string: `password=…` assignments,
 * `user:password@` in URLs and server names, private keys and every other PEM block that is not a
 * CERTIFICATE. Each secret found by value is replaced by a typed marker (`[redacted:secret]`,
 * `[redacted:credentials]`, `[redacted:private-key]`) that migration-no-sensitive-data reports
 * like the secret itself, so a replayed capture still names the resource that held it. A removed
 * PEM block keeps its BEGIN/END lines around the marker, so a bundle still reads as holding a
 * non-certificate block. Wallets, scripts and other binary values are replaced whole.
 */

/**
 * Field names whose values are secrets; never written. `SecurityDbEncryption` is DMS
 * OracleSettings' TDE password (it does not end in "Password").
 */
const SECRET_FIELD =
  /(password|secretaccesskey|secret_access_key|privatekey|sessiontoken|securitydbencryption)$/i;

/**
 * Fields replaced whole by a marker: CertificateWallet (an Oracle wallet's bytes, which hold keys;
 * the marker keeps "has a wallet" for replay) and AfterConnectScript (SQL run on connect, which
 * may set credentials in any syntax; no rule reads it).
 */
const REPLACED_FIELD: ReadonlyMap<string, RedactionKind> = new Map([
  ["CertificateWallet", "wallet"],
  ["AfterConnectScript", "script"],
]);

const PEM_BEGIN = "-----BEGIN ";
/** A PEM header at a given position: `-----BEGIN <label>-----` (sticky, bounded: constant time). */
const PEM_HEADER = /-----BEGIN ([A-Z0-9 ]{1,64})-----/y;

/** Keep CERTIFICATE blocks; replace the body of every other block (an unterminated one to the end). */
function redactPem(text: string): string {
  let at = text.indexOf(PEM_BEGIN);
  if (at < 0) return text;
  let out = "";
  let from = 0;
  while (at >= 0) {
    PEM_HEADER.lastIndex = at;
    const header = PEM_HEADER.exec(text);
    if (!header) {
      // A BEGIN line that does not parse: nothing after it is kept.
      return `${out}${text.slice(from, at)}${marker("pem")}`;
    }
    const label = header[1] as string;
    const footer = `-----END ${label}-----`;
    const bodyStart = at + header[0].length;
    const end = text.indexOf(footer, bodyStart);
    if (label === "CERTIFICATE") {
      if (end < 0) return out + text.slice(from);
      at = text.indexOf(PEM_BEGIN, end + footer.length);
      continue;
    }
    const kind: RedactionKind = label.endsWith("PRIVATE KEY") ? "private-key" : "pem";
    out += `${text.slice(from, bodyStart)}\n${marker(kind)}\n`;
    if (end < 0) return out;
    from = end;
    at = text.indexOf(PEM_BEGIN, end + footer.length);
  }
  return out + text.slice(from);
}

/** A string with every secret it holds replaced by its marker. Linear in the length of the text. */
function redactText(text: string): string {
  return redactPem(text)
    .replace(SECRET_ASSIGNMENT, (_match, keyword: string) => `${keyword}${marker("secret")}`)
    .replace(
      URL_CREDENTIALS,
      (_match, scheme: string | undefined) => `${scheme ?? ""}${marker("credentials")}`,
    );
}

/**
 * Fields that hold JSON text (a DMS task's ReplicationTaskSettings and TableMappings): redacted as
 * the JSON they hold, so a replayed capture still parses (text that is not JSON is redacted as text).
 */
const JSON_TEXT_FIELD = new Set(["ReplicationTaskSettings", "TableMappings"]);

function redactJsonText(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return redactText(text);
  }
  return JSON.stringify(redact(parsed));
}

/** Deep copy as JSON (Date → ISO string) with secrets removed or replaced by markers; `$metadata` dropped. */
function redact(value: unknown): unknown {
  if (typeof value === "string") return redactText(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return marker("binary");
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) out.push(redact(item));
    return out;
  }
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === "$metadata" || SECRET_FIELD.test(k)) continue;
      const replaced = REPLACED_FIELD.get(k);
      if (replaced !== undefined && v !== undefined && v !== null) setOwn(out, k, marker(replaced));
      else setOwn(out, k, JSON_TEXT_FIELD.has(k) && typeof v === "string" ? redactJsonText(v) : redact(v));
    }
    return out;
  }
  return value;
}

export { redact, redactText, SECRET_FIELD };
