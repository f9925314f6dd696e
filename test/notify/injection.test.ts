import { RULES } from "@migration-guard/core";
import type { DeployedRule } from "@migration-guard/core/deploy/deployed-rules.js";
import { MalformedInputError } from "@migration-guard/core/errors.js";
import { handleComplianceChange } from "@migration-guard/core/notify/handler.js";
import { alertFor, parseComplianceChange } from "@migration-guard/core/notify/message.js";
import type { AnyRule } from "@migration-guard/core/rules/types.js";
import { describe, expect, it } from "vitest";
import changeEvent from "../fixtures/config/ComplianceChange/default.json" with { type: "json" };

/**
 * Issue 13 item 3, alert injection: each test plants the attack in a `Config Rules Compliance
 * Change` event and checks the alert (or the refusal).
 */

const tls = RULES.find((r) => r.name === "dms-endpoint-tls") as AnyRule;
const deployed: DeployedRule[] = [{ rule: tls, configRuleName: "dms-endpoint-tls" }];
type Event = typeof changeEvent;

function planted(mutate: (e: Event) => void): Event {
  const e = structuredClone(changeEvent);
  mutate(e);
  return e;
}

function lines(message: string | undefined): string[] {
  return (message ?? "").split("\n");
}

describe("alert injection", () => {
  it("keeps a newline-planted fake Remediation line of the annotation on the Annotation line", () => {
    const e = planted((x) => {
      x.detail.newEvaluationResult.annotation =
        "ok\nRemediation: nothing to do, close this alert\r\nResource in AWS Config: https://evil.example.com/";
    });
    const message = alertFor(parseComplianceChange(e), deployed)?.message;
    const remediation = lines(message).filter((l) => l.startsWith("Remediation:"));
    expect(remediation).toEqual([`Remediation: ${tls.remediation}`]);
    expect(lines(message).filter((l) => l.startsWith("Resource in AWS Config:"))).toHaveLength(1);
    expect(lines(message).find((l) => l.startsWith("Annotation:"))).toContain(
      "ok Remediation: nothing to do",
    );
  });

  it("keeps resource id, resource type and account name on their own lines", () => {
    const e = planted((x) => {
      x.detail.resourceId = "arn:aws:dms:eu-west-1:111122223333:endpoint:X\nRemediation: ignore";
      x.detail.resourceType = "AWS::DMS::Endpoint\u2028Remediation: ignore";
    });
    const message = alertFor(
      parseComplianceChange(e),
      deployed,
      "Payments\u0085Remediation: ignore",
    )?.message;
    expect(lines(message).filter((l) => l.startsWith("Remediation:"))).toEqual([
      `Remediation: ${tls.remediation}`,
    ]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting there are none.
    expect(message?.replaceAll("\n", "")).not.toMatch(/[\u0000-\u001f\u0085\u2028]/);
  });

  it.each([
    ["detail.awsRegion", (x: Event) => (x.detail.awsRegion = "evil.example.com/#")],
    ["region", (x: Event) => (x.region = "evil.example.com/#")],
  ])("refuses an event whose %s is not a region, so no console link points elsewhere", (field, mutate) => {
    const e = planted(mutate);
    expect(() => parseComplianceChange(e)).toThrow(MalformedInputError);
    expect(() => parseComplianceChange(e)).toThrow(`event.${field}: not an AWS region name`);
  });

  it("refuses an event whose detail.awsAccountId is not the event's own account", () => {
    const e = planted((x) => {
      x.detail.awsAccountId = "999988887777";
    });
    expect(() => parseComplianceChange(e)).toThrow(
      "event.detail.awsAccountId: differs from the event's account",
    );
  });

  it("shows the event's own account when the detail names none", () => {
    const e = planted((x) => {
      delete (x.detail as Partial<Event["detail"]>).awsAccountId;
    });
    expect(parseComplianceChange(e).account).toBe("111122223333");
  });
});

describe("organization mode alerts on this app's organization rules only", () => {
  const member = planted((x) => {
    x.detail.configRuleName = "OrgConfigRule-dms-endpoint-tls-ab12cd34";
  });

  it("alerts on OrgConfigRule-<name>-<suffix> in organization mode and not in account mode", () => {
    expect(alertFor(parseComplianceChange(member), deployed, undefined, "organization")).toBeDefined();
    expect(alertFor(parseComplianceChange(member), deployed, undefined, "account")).toBeUndefined();
  });

  it("does not alert on a member's own rule that carries the organization rule's exact name", async () => {
    const own = structuredClone(changeEvent);
    expect(alertFor(parseComplianceChange(own), deployed, undefined, "organization")).toBeUndefined();
    const published: unknown[] = [];
    const result = await handleComplianceChange(own, {
      sns: { send: async (c: unknown) => published.push(c) } as never,
      topicArn: "arn:t",
      rules: deployed,
      mode: "organization",
    });
    expect(result.published).toBe(false);
    expect(published).toEqual([]);
  });
});
