import { MalformedInputError } from "../errors.js";

/**
 * A small RFC 4180 CSV reader (quoted fields, doubled quotes, CRLF or LF line ends), enough for
 * the IAM credential report. Returns one record per data row, keyed by the header row's names;
 * a row whose field count differs from the header's is an error naming the row.
 */
function parseCsvRows(text: string, path: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const endField = () => {
    row.push(field);
    field = "";
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") endField();
    else if (ch === "\n") endRow();
    else if (ch === "\r" && text[i + 1] === "\n") {
      endRow();
      i++;
    } else field += ch;
    i++;
  }
  if (quoted) throw new MalformedInputError(`${path}: unterminated quoted field`);
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
