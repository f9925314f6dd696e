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
});
