import { describe, expect, it } from "vitest";
import {
  cloudTrailCheck,
  logsWriteManagementEvents,
  records,
  type TrailFacts,
} from "../../packages/core/src/cli/doctor-checks.js";

/** The pure checks of doctor; shapes from the Config and CloudTrail API models. */

const trail = (over: Partial<TrailFacts> = {}): TrailFacts => ({
  name: "t",
  multiRegion: true,
  logging: true,
  eventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }],
  advancedEventSelectors: [],
  ...over,
});

describe("doctor checks", () => {
  it("returns recorded for IAM types under allSupported only with includeGlobalResourceTypes (Config model: allSupported excludes the global IAM types)", () => {
    const all = { name: "r", recordingGroup: { allSupported: true } };
    expect(records(all, "AWS::DMS::Endpoint")).toBe(true);
    expect(records(all, "AWS::IAM::User")).toBe(false);
    expect(
      records(
        { name: "r", recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } },
        "AWS::IAM::User",
      ),
    ).toBe(true);
  });

  it("returns recorded by inclusion and exclusion strategies as their lists say", () => {
    const included = {
      name: "r",
      recordingGroup: { allSupported: false, resourceTypes: ["AWS::DMS::Endpoint" as never] },
    };
    expect([records(included, "AWS::DMS::Endpoint"), records(included, "AWS::DMS::Certificate")]).toEqual([
      true,
      false,
    ]);
    const excluded = {
      name: "r",
      recordingGroup: {
        recordingStrategy: { useOnly: "EXCLUSION_BY_RESOURCE_TYPES" as const },
        exclusionByResourceTypes: { resourceTypes: ["AWS::DMS::Endpoint" as never] },
      },
    };
    expect([records(excluded, "AWS::DMS::Endpoint"), records(excluded, "AWS::DMS::Certificate")]).toEqual([
      false,
      true,
    ]);
  });

  it("returns management events logged by default selectors and by advanced selectors on eventCategory Management, not by ReadOnly ones", () => {
    expect(logsWriteManagementEvents(trail({ eventSelectors: [{}] }))).toBe(true);
    expect(logsWriteManagementEvents(trail({ eventSelectors: [{ ReadWriteType: "ReadOnly" }] }))).toBe(false);
    expect(logsWriteManagementEvents(trail({ eventSelectors: [{ IncludeManagementEvents: false }] }))).toBe(
      false,
    );
    const advanced = (fields: { Field: string; Equals: string[] }[]) =>
      trail({ eventSelectors: [], advancedEventSelectors: [{ FieldSelectors: fields }] });
    expect(logsWriteManagementEvents(advanced([{ Field: "eventCategory", Equals: ["Management"] }]))).toBe(
      true,
    );
    expect(
      logsWriteManagementEvents(
        advanced([
          { Field: "eventCategory", Equals: ["Management"] },
          { Field: "readOnly", Equals: ["true"] },
        ]),
      ),
    ).toBe(false);
    expect(logsWriteManagementEvents(advanced([{ Field: "eventCategory", Equals: ["Data"] }]))).toBe(false);
  });

  it("returns warn for a single-region or stopped trail, pass for a logging multi-region one", () => {
    expect(cloudTrailCheck([trail()]).status).toBe("pass");
    const single = cloudTrailCheck([trail({ multiRegion: false })]);
    expect([single.status, single.message]).toEqual([
      "warn",
      expect.stringContaining("--is-multi-region-trail"),
    ]);
    expect(cloudTrailCheck([trail({ logging: false })]).status).toBe("warn");
    expect(cloudTrailCheck([]).message).toMatch(/^no logging trail records write management events/);
  });
});

describe("doctor's read actions", () => {
  it("name operations of the AWS API models, every one a read (Describe, Get, List)", async () => {
    const { PREFLIGHT_ACTIONS } = await import("../../packages/core/src/aws/preflight.js");
    const { awsModel } = await import("../support/aws-model.js");
    for (const action of PREFLIGHT_ACTIONS) {
      const [service = "", operation = ""] = action.split(":");
      expect([action, awsModel(service).operationNames.includes(operation)]).toEqual([action, true]);
      expect(operation).toMatch(/^(Describe|Get|List)/);
    }
  });

  it("are the ones the README lists", async () => {
    const { PREFLIGHT_ACTIONS } = await import("../../packages/core/src/aws/preflight.js");
    const { readFileSync } = await import("node:fs");
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## Preflight: `migration-guard doctor`"));
    for (const action of PREFLIGHT_ACTIONS) expect(section).toContain(`\`${action}\``);
  });
});
