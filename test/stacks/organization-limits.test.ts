import { RULES } from "@migration-guard/core";
import { describe, expect, it } from "vitest";
import { resolveStageConfig } from "../../stacks/config.js";
import { synthesize } from "../../stacks/synth.js";

/**
 * Organization mode declares one Lambda permission per evaluated account and rule function; a
 * CloudFormation template declares at most 500 resources (CloudFormation quotas,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html).
 * 48 members fit in a function policy (20 KB) but not, × one function per rule, in the template.
 */

describe("organization mode: CloudFormation's resource quota", () => {
  it("refuses at synth, naming the quota and how many member accounts fit", async () => {
    const memberAccounts = Array.from({ length: 48 }, (_, i) => String(100000000000 + i));
    const config = resolveStageConfig(
      "orglimit",
      {
        orglimit: {
          mode: "organization",
          organization: {
            organizationId: "o-abcdefghij",
            targetOrganizationalUnits: ["r-ab12"],
            memberAccounts,
          },
        },
      },
      {},
    );
    // 48 members and the administrator account, one permission each per rule function.
    const functions = RULES.length;
    await expect(synthesize({ stage: "orglimit", region: "us-east-1", config })).rejects.toThrow(
      new RegExp(
        `stage orglimit: organization\\.memberAccounts: 49 accounts × ${functions} rule functions need ${49 * functions} Lambda permissions; with the stack's \\d+ other resources that is \\d+, over CloudFormation's 500 resources per template: at most \\d+ member accounts fit`,
      ),
    );
  }, 600_000);
});
