import { MalformedInputError } from "../errors.js";

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * A small RFC 4180 CSV reader (quoted fields, doubled quotes, CRLF or LF line ends), enough for
 * the IAM credential report. Returns one record per data row, keyed by the header row's names;
 * a row whose field count differs from the header's is an error naming the row.
 *
 * Fields are cut out of the text with `slice`, never built a character at a time: V8 keeps each
 * `+=` as a rope node, so a 10,000-user report (~2 MB) cost ~2 million of them (~70 MB of heap).
 */
function parseCsvRows(text: string, path: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  const n = text.length;
  const endRow = () => {
    row.push(field);
    field = "";
    rows.push(row);
    row = [];
  };
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (ch === QUOTE && field === "") {
      // A quoted section, up to its closing quote; a doubled quote inside is one quote.
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0) throw new MalformedInputError(`${path}: unterminated quoted field`);
        field += text.slice(i, close);
        i = close + 1;
        if (text.charCodeAt(i) !== QUOTE) break;
        field += '"';
        i++;
      }
    } else if (ch === COMMA) {
      row.push(field);
      field = "";
      i++;
    } else if (ch === LF) {
      endRow();
      i++;
    } else if (ch === CR && text.charCodeAt(i + 1) === LF) {
      endRow();
      i += 2;
    } else {
      // An unquoted run, up to the next delimiter (a quote inside it is an ordinary character).
      let j = i + 1;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === LF || (c === CR && text.charCodeAt(j + 1) === LF)) break;
        j++;
      }
      field += text.slice(i, j);
      i = j;
    }
  }
  if (field !== "" || row.length > 0) endRow();
  return rows;
}

function parseCsv(text: string, path: string): Record<string, string>[] {
  const [header, ...rows] = parseCsvRows(text, path);
  if (!header || header.length === 0 || header.every((h) => h === ""))
    throw new MalformedInputError(`${path}: no header row`);
  return rows
    .filter((r) => !(r.length === 1 && r[0] === ""))
    .map((r, index) => {
      if (r.length !== header.length)
        throw new MalformedInputError(
          `${path}: row ${index + 2} has ${r.length} fields, the header has ${header.length}`,
        );
      return Object.fromEntries(header.map((name, k) => [name, r[k] ?? ""]));
    });
}

export { parseCsv };
