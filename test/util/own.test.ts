import { own, setOwn } from "@migration-guard/core/util/own.js";
import { describe, expect, it } from "vitest";

describe("own", () => {
  it("returns undefined for members inherited from Object.prototype", () => {
    const table: Record<string, number> = { postgres: 1 };
    expect(own(table, "postgres")).toBe(1);
    for (const key of ["constructor", "__proto__", "toString", "hasOwnProperty"])
      expect(own(table, key)).toBeUndefined();
  });

  it("sets a __proto__ key as an own property that JSON keeps", () => {
    const tags: Record<string, string> = {};
    setOwn(tags, "__proto__", "value");
    expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
    expect(own(tags, "__proto__")).toBe("value");
    expect(JSON.stringify(tags)).toBe('{"__proto__":"value"}');
  });
});
