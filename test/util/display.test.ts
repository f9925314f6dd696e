import { display, displayLine, hasUnsafe, optDisplay } from "@migration-guard/core/util/display.js";
import { describe, expect, it } from "vitest";

describe("display", () => {
  it("removes an ESC sequence that would erase the line and print another", () => {
    const hostile = "db1\u001b[2K\rCOMPLIANT";
    expect(display(hostile)).toBe("db1[2KCOMPLIANT");
    expect(hasUnsafe(hostile)).toBe(true);
  });

  it("removes C1 controls and bidirectional overrides, keeps other Unicode", () => {
    expect(display("a\u009bb\u202ec\u2066d é 日本")).toBe("abcd é 日本");
    expect(hasUnsafe("plain-name é")).toBe(false);
  });

  it("keeps an undefined value undefined", () => {
    expect(optDisplay(undefined)).toBeUndefined();
    expect(optDisplay("x\ny")).toBe("xy");
  });

  it("turns line breaks, tabs and Unicode line separators into one space in a sentence", () => {
    expect(displayLine("a\r\n\tb\u2028c\u001b[2Kd")).toBe("a b c[2Kd");
    expect(hasUnsafe("x\u2029y")).toBe(true);
  });
});
