import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RULES } from "../../packages/core/src/rules/index.js";
import { ruleResourceTypes } from "../../packages/core/src/rules/types.js";
import { shapeOf } from "../support/aws-model.js";

/**
 * The ComplianceResourceTypes the rules report, against the AWS Config developer guide's
 * "Supported Resource Types" (test/fixtures/aws-config/supported-resource-types.json names the
 * source). The Config API model's ResourceType enum lags behind the guide; the difference is
 * recorded below so that a model refresh that catches up shows here.
 */

const guide = JSON.parse(
  readFileSync(
    fileURLToPath(new URL("../fixtures/aws-config/supported-resource-types.json", import.meta.url)),
    "utf8",
  ),
) as { source: string; recorded: string[]; notRecorded: Record<string, string> };

const reported = [...new Set(RULES.flatMap((r) => ruleResourceTypes(r)))].sort();

describe("resource types the rules report", () => {
  it("cites the developer guide page", () => {
    expect(guide.source).toContain(
      "https://docs.aws.amazon.com/config/latest/developerguide/resource-config-reference.html",
    );
  });

  it.each(RULES.map((r) => [r.name, ruleResourceTypes(r)] as const))(
    "%s reports only types the guide lists as recorded or that Config accepts unrecorded",
    (_name, types) => {
      const unknown = types.filter((t) => !guide.recorded.includes(t) && !(t in guide.notRecorded));

      expect(unknown).toEqual([]);
    },
  );

  it("only periodic rules report AWS::::Account (no configuration item exists to trigger a change)", () => {
    const accountRules = RULES.filter((r) => ruleResourceTypes(r).includes("AWS::::Account"));

    expect(accountRules.map((r) => [r.name, r.triggers.configurationChange])).toEqual(
      accountRules.map((r) => [r.name, false]),
    );
  });

  it("records where the Config API model's ResourceType enum lags behind the guide", () => {
    const modelTypes = shapeOf("config", "ResourceType").enum ?? [];

    const missingFromModel = reported.filter((t) => !modelTypes.includes(t));

    expect(missingFromModel).toEqual([
      "AWS::::Account",
      "AWS::DMS::ReplicationInstance",
      "AWS::DMS::ReplicationTask",
    ]);
  });
});
