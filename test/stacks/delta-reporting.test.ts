import { deltaReportingFromEnvironment } from "@migration-guard/core/config/periodic.js";
import { describe, expect, it } from "vitest";
import { deltaReportingEnvironment, resolveStageConfig, StageConfigError } from "../../stacks/config.js";

describe("stage setting deltaReporting", () => {
  it("returns delta reporting off, 7 days, when the stage sets nothing, and sets no environment variable", () => {
    const config = resolveStageConfig("dev", {}, {});
    expect(config.deltaReporting).toEqual({ enabled: false, maxAgeDays: 7 });
    expect(deltaReportingEnvironment(config)).toEqual({});
  });

  it("merges the stage over default and gives the rule functions the days they read back", () => {
    const config = resolveStageConfig(
      "prod",
      { default: { deltaReporting: { maxAgeDays: 14 } }, prod: { deltaReporting: { enabled: true } } },
      {},
    );
    expect(config.deltaReporting).toEqual({ enabled: true, maxAgeDays: 14 });
    const env = deltaReportingEnvironment(config);
    expect(env).toEqual({ DELTA_REPORTING_MAX_AGE_DAYS: "14" });
    expect(deltaReportingFromEnvironment(env)).toEqual(config.deltaReporting);
  });

  it.each([
    [{ maxAgeDays: 0 }, /deltaReporting\.maxAgeDays: 0 must be a whole number of days from 1 to 30/],
    [{ maxAgeDays: 31 }, /deltaReporting\.maxAgeDays: 31 must be a whole number of days from 1 to 30/],
    [{ maxAgeDays: 90 }, /Security Hub deletes findings not updated for 90 days/],
    [{ maxAgeDays: 2.5 }, /deltaReporting\.maxAgeDays: 2\.5/],
    [{ enabled: "yes" }, /deltaReporting\.enabled: expected a boolean, got string/],
    [{ maxAge: 7 }, /deltaReporting\.maxAge: unknown setting; accepted: enabled, maxAgeDays/],
    [true, /deltaReporting: expected an object, got boolean/],
  ])("rejects deltaReporting %j with an error naming the setting", (value, message) => {
    const run = () => resolveStageConfig("prod", { prod: { deltaReporting: value as never } }, {});
    expect(run).toThrow(StageConfigError);
    expect(run).toThrow(message);
  });
});
