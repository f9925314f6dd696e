import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../packages/core/src/util/csv.js";

describe("parseCsv", () => {
  it("returns one record per row keyed by the header, with LF or CRLF line ends and a trailing newline", () => {
    expect(parseCsv("a,b\n1,2\r\n3,4\n", "x")).toEqual([
      { a: "1", b: "2" },
      { a: "3", b: "4" },
    ]);
  });

  it("returns quoted fields with commas, newlines and doubled quotes intact", () => {
    expect(parseCsv('user,arn\n"ops,agent","a ""b""\nc"\n', "x")).toEqual([
      { user: "ops,agent", arn: 'a "b"\nc' },
    ]);
  });

  it("throws naming the row when a row's field count differs from the header's", () => {
    expect(() => parseCsv("a,b\n1,2\n1,2,3\n", "iam.GetCredentialReport.Content")).toThrow(
      "iam.GetCredentialReport.Content: row 3 has 3 fields, the header has 2",
    );
  });

  it("throws on an unterminated quote or an empty text", () => {
    expect(() => parseCsv('a\n"open', "x")).toThrow(/unterminated/);
    expect(() => parseCsv("", "x")).toThrow(/no header row/);
  });

  it("returns the same rows as a character-at-a-time reader on generated CSV text", () => {
    // Reference: the straightforward state machine (one character at a time).
    const reference = (text: string): string[][] | "unterminated" => {
      const rows: string[][] = [];
      let row: string[] = [];
      let field = "";
      let quoted = false;
      for (let i = 0; i < text.length; i++) {
        const ch = text[i] as string;
        if (quoted) {
          if (ch === '"' && text[i + 1] === '"') {
            field += '"';
            i++;
          } else if (ch === '"') quoted = false;
          else field += ch;
        } else if (ch === '"' && field === "") quoted = true;
        else if (ch === ",") {
          row.push(field);
          field = "";
        } else if (ch === "\n" || (ch === "\r" && text[i + 1] === "\n")) {
          if (ch === "\r") i++;
          row.push(field);
          rows.push(row);
          row = [];
          field = "";
        } else field += ch;
      }
      if (quoted) return "unterminated";
      if (field !== "" || row.length > 0) rows.push([...row, field]);
      return rows;
    };
    const text = fc.string({ unit: fc.constantFrom("a", "b", ",", '"', "\n", "\r", " ", "é") });
    fc.assert(
      fc.property(text, (body) => {
        const csv = `h\n${body}`;
        const expected = reference(csv);
        let actual: Record<string, string>[] | "unterminated" | "other";
        try {
          actual = parseCsv(csv, "x");
        } catch (error) {
          actual = /unterminated/.test((error as Error).message) ? "unterminated" : "other";
        }
        if (expected === "unterminated") return actual === "unterminated";
        const rows = expected.slice(1).filter((r) => !(r.length === 1 && r[0] === ""));
        if (rows.some((r) => r.length !== 1)) return actual === "other";
        expect(actual).toEqual(rows.map((r) => ({ h: r[0] })));
        return true;
      }),
      { numRuns: 2_000, seed: 6 },
    );
  });
});
