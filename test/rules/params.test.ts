import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../packages/core/src/errors.js";
import { param, parseParameters } from "../../packages/core/src/rules/params.js";

const specs = {
  level: param.enum(["low", "high"], "low", "a level"),
  days: param.integer(30, 1, 365, "days"),
  strict: param.boolean(false, "strict"),
  names: param.list([], "names", (item) => (item.includes(" ") ? "no spaces" : undefined)),
};

describe("parseParameters", () => {
  it("returns the defaults when parameters are absent or empty", () => {
    expect(parseParameters("r", specs, {})).toEqual({ level: "low", days: 30, strict: false, names: [] });
    expect(parseParameters("r", specs, { days: "  ", level: "" })).toEqual({
      level: "low",
      days: 30,
      strict: false,
      names: [],
    });
  });

  it("returns parsed values from Config's string parameters, case-insensitively for enums and booleans", () => {
    expect(
      parseParameters("r", specs, { level: "HIGH", days: "7", strict: "True", names: "a, b,,c" }),
    ).toEqual({
      level: "high",
      days: 7,
      strict: true,
      names: ["a", "b", "c"],
    });
  });

  it("throws InvalidParameterError naming the parameter and the accepted values", () => {
    expect(() => parseParameters("r", specs, { level: "medium" })).toThrow(
      'r: parameter level = "medium" is invalid; accepted: one of low, high',
    );
    expect(() => parseParameters("r", specs, { days: "400" })).toThrow(
      "accepted: a whole number from 1 to 365",
    );
    expect(() => parseParameters("r", specs, { days: "3.5" })).toThrow(InvalidParameterError);
    expect(() => parseParameters("r", specs, { strict: "yes" })).toThrow("accepted: true or false");
    expect(() => parseParameters("r", specs, { names: "a b" })).toThrow("(no spaces)");
    expect(() => parseParameters("r", specs, { days: { nested: true } })).toThrow(InvalidParameterError);
  });

  it("throws InvalidParameterError for an unknown parameter name", () => {
    expect(() => parseParameters("r", specs, { dayz: "3" })).toThrow(
      'r: unknown parameter "dayz"; accepted: level, days, strict, names',
    );
  });
});
