import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, toCsv } from "../../packages/core/src/report/csv.js";
import { evaluation, input } from "./build.js";

/** A minimal RFC 4180 reader: fields, quoted fields with doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  return rows;
}

describe("csv report", () => {
  it("returns a header row and one CRLF-terminated row per result with the documented columns", () => {
    const csv = toCsv(input([evaluation(), evaluation({ compliance: "COMPLIANT", resourceName: "b" })]));
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(CSV_COLUMNS).toEqual(
      expect.arrayContaining([
        "accountId",
        "region",
        "rule",
        "severity",
        "resourceType",
        "resourceId",
        "resourceName",
        "compliance",
        "annotation",
      ]),
    );
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual([
      "111122223333",
      "eu-west-1",
      "dms-endpoint-tls",
      "high",
      "AWS::DMS::Endpoint",
      "arn:aws:dms:eu-west-1:111122223333:endpoint:ABCDEF",
      "orders-source",
      "NON_COMPLIANT",
      "postgres endpoint uses SslMode none; use verify-full",
    ]);
    expect(csv.endsWith("\r\n")).toBe(true);
  });

  it("returns quoted fields with doubled quotes when a value holds a comma, a quote or a line break", () => {
    const csv = toCsv(input([evaluation({ resourceName: 'db "main", eu', annotation: "line1, line2" })]));
    expect(csv).toContain('"db ""main"", eu"');
    expect(parseCsv(csv)[1]?.[6]).toBe('db "main", eu');
    expect(parseCsv(csv)[1]?.[8]).toBe("line1, line2");
  });

  it("returns cells starting with =, +, - or @ prefixed with ' so that a spreadsheet shows text, not a formula", () => {
    const planted = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)"];
    const csv = toCsv(input(planted.map((resourceName) => evaluation({ resourceName }))));
    const names = parseCsv(csv)
      .slice(1)
      .map((r) => r[6]);
    expect(names).toEqual(planted.map((p) => `'${p}`));
  });

  it("returns names and annotations without control characters", () => {
    const csv = toCsv(input([evaluation({ resourceName: "a\u001b[2Jb\r\nc" })]));
    expect(parseCsv(csv)[1]?.[6]).toBe("a[2Jbc");
  });

  it("returns no NOT_APPLICABLE rows unless they are asked for", () => {
    const results = [evaluation(), evaluation({ compliance: "NOT_APPLICABLE", resourceName: "na" })];
    expect(parseCsv(toCsv(input(results)))).toHaveLength(2);
    expect(parseCsv(toCsv(input(results, { includeNotApplicable: true })))).toHaveLength(3);
  });
});
