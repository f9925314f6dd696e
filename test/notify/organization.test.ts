import { CreateAccountCommand, CreateOrganizationCommand } from "@aws-sdk/client-organizations";
import type { PublishCommand } from "@aws-sdk/client-sns";
import { RULES } from "@migration-guard/core";
import { describeAccountName } from "@migration-guard/core/aws/organization.js";
import { type DeployedRule, deployedRuleFor } from "@migration-guard/core/deploy/deployed-rules.js";
import { OrganizationAccountNames } from "@migration-guard/core/notify/account-names.js";
import { handleComplianceChange } from "@migration-guard/core/notify/handler.js";
import { alertFor, parseComplianceChange } from "@migration-guard/core/notify/message.js";
import type { AnyRule } from "@migration-guard/core/rules/types.js";
import { beforeAll, describe, expect, it } from "vitest";
import changeEvent from "../fixtures/config/ComplianceChange/default.json" with { type: "json" };
import { motoClients } from "../support/moto.js";

/**
 * Alerts in organization mode: member-account rule names (`OrgConfigRule-<name>-<suffix>`) map to
 * the organization rule, and the message names the account (organizations:DescribeAccount against
 * moto), falling back to the id alone when the name cannot be found out.
 */

const ORG_ADMIN = "520000000007";
const tls = RULES.find((r) => r.name === "dms-endpoint-tls") as AnyRule;
const deployed: DeployedRule[] = [{ rule: tls, configRuleName: "dms-endpoint-tls" }];
const MEMBER_RULE = "OrgConfigRule-dms-endpoint-tls-ab12cd34";

function memberEvent(account: string, next = "NON_COMPLIANT", old = "COMPLIANT"): typeof changeEvent {
  const e = structuredClone(changeEvent);
  e.detail.configRuleName = MEMBER_RULE;
  e.detail.awsAccountId = account;
  e.account = account;
  e.detail.newEvaluationResult.complianceType = next;
  e.detail.oldEvaluationResult.complianceType = old;
  return e;
}

function fakeSns() {
  const published: PublishCommand["input"][] = [];
  return {
    published,
    sns: {
      send: async (command: PublishCommand) => {
        published.push(command.input);
        return { MessageId: `m-${published.length}`, $metadata: {} };
      },
    } as never,
  };
}

describe("deployedRuleFor", () => {
  it("returns the rule for its own name and for a member account's OrgConfigRule-<name>-<suffix>", () => {
    expect(deployedRuleFor("dms-endpoint-tls", deployed)?.rule).toBe(tls);
    expect(deployedRuleFor(MEMBER_RULE, deployed)?.rule).toBe(tls);
  });

  it("returns undefined for another organization rule, even one whose name starts with a deployed name", () => {
    expect(deployedRuleFor("OrgConfigRule-dms-endpoint-tls-extra-ab12cd34", deployed)).toBeUndefined();
    expect(deployedRuleFor("OrgConfigRule-s3-bucket-versioning-ab12cd34", deployed)).toBeUndefined();
    expect(deployedRuleFor("OrgConfigRule-dms-endpoint-tls-", deployed)).toBeUndefined();
  });
});

describe("alertFor in organization mode", () => {
  it("shows the organization rule's name, the account id and name, and links to the member's rule", () => {
    const a = alertFor(
      parseComplianceChange(memberEvent("111122223333")),
      deployed,
      "Payments\nprod",
      "organization",
    );
    expect(a?.subject).toBe(
      "[migration-guard] NON_COMPLIANT (high): dms-endpoint-tls - ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    );
    expect(a?.message).toContain("Account:     111122223333 (Payments prod), eu-west-1");
    expect(a?.message).toContain(`configRuleName=${MEMBER_RULE}`);
  });

  it("shows the account id alone without a name", () => {
    const a = alertFor(
      parseComplianceChange(memberEvent("111122223333")),
      deployed,
      undefined,
      "organization",
    );
    expect(a?.message).toContain("Account:     111122223333, eu-west-1");
  });
});

describe("OrganizationAccountNames", () => {
  let member = "";
  let names: OrganizationAccountNames;

  beforeAll(async () => {
    const clients = motoClients(ORG_ADMIN);
    const organizations = (await clients.use("organizations")).client;
    await organizations.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
    const created = await organizations.send(
      new CreateAccountCommand({ AccountName: "Payments prod", Email: "payments@example.com" }),
    );
    member = created.CreateAccountStatus?.AccountId ?? "";
    names = new OrganizationAccountNames({ describeAccountName: describeAccountName(clients) });
  });

  it("returns the account's name from Organizations and asks once per account", async () => {
    expect(await names.name(member)).toBe("Payments prod");
    expect(await names.name(member)).toBe("Payments prod");
    expect(names.calls).toBe(1);
  });

  it("returns undefined for an account outside the organization, logs it, and retries only after a while", async () => {
    let now = 0;
    const errors: string[] = [];
    const lookup = new OrganizationAccountNames({
      describeAccountName: describeAccountName(motoClients(ORG_ADMIN)),
      log: { info: () => {}, error: (message) => errors.push(message) },
      now: () => now,
      failureTtlMs: 1000,
    });
    expect(await lookup.name("123412341234")).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(await lookup.name("123412341234")).toBeUndefined();
    expect(lookup.calls).toBe(1);
    now = 1001;
    await lookup.name("123412341234");
    expect(lookup.calls).toBe(2);
  });

  it("does not ask for something that is not an account id", async () => {
    const lookup = new OrganizationAccountNames({
      describeAccountName: () => Promise.reject(new Error("must not be called")),
    });
    expect(await lookup.name("not-an-account")).toBeUndefined();
    expect(lookup.calls).toBe(0);
  });

  it("puts the account name into the published alert, and the id alone when the lookup fails", async () => {
    const { sns, published } = fakeSns();
    await handleComplianceChange(memberEvent(member), {
      sns,
      topicArn: "arn:t",
      rules: deployed,
      mode: "organization",
      accountNames: names,
    });
    const failing = new OrganizationAccountNames({
      describeAccountName: () =>
        Promise.reject(Object.assign(new Error("denied"), { name: "AccessDeniedException" })),
    });
    await handleComplianceChange(memberEvent("111122223333"), {
      sns,
      topicArn: "arn:t",
      rules: deployed,
      mode: "organization",
      accountNames: failing,
    });
    expect(published[0]?.Message).toContain(`Account:     ${member} (Payments prod), eu-west-1`);
    expect(published[1]?.Message).toContain("Account:     111122223333, eu-west-1");
  });

  it("looks no name up for a change that is not an alert", async () => {
    const { sns, published } = fakeSns();
    const lookup = new OrganizationAccountNames({
      describeAccountName: () => Promise.reject(new Error("must not be called")),
    });
    const result = await handleComplianceChange(memberEvent("111122223333", "COMPLIANT", "COMPLIANT"), {
      sns,
      topicArn: "arn:t",
      rules: deployed,
      mode: "organization",
      accountNames: lookup,
    });
    expect(result.published).toBe(false);
    expect(lookup.calls).toBe(0);
    expect(published).toHaveLength(0);
  });
});
