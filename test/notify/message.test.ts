import { RULES } from "@migration-guard/core";
import type { DeployedRule } from "@migration-guard/core/deploy/deployed-rules.js";
import {
  alertFor,
  maskSecrets,
  parseComplianceChange,
  SUBJECT_MAX,
} from "@migration-guard/core/notify/message.js";
import type { AnyRule } from "@migration-guard/core/rules/types.js";
import { describe, expect, it } from "vitest";
import changeEvent from "../fixtures/config/ComplianceChange/default.json" with { type: "json" };

const tls = RULES.find((r) => r.name === "dms-endpoint-tls") as AnyRule;
const deployed: DeployedRule[] = [{ rule: tls, configRuleName: "dms-endpoint-tls" }];

type Event = typeof changeEvent;

function event(next: string, old: string | undefined, mutate?: (e: Event) => void): unknown {
  const e = structuredClone(changeEvent);
  e.detail.newEvaluationResult.complianceType = next;
  if (old === undefined) delete (e.detail as Partial<Event["detail"]>).oldEvaluationResult;
  else e.detail.oldEvaluationResult.complianceType = old;
  mutate?.(e);
  return e;
}

function alert(e: unknown) {
  return alertFor(parseComplianceChange(e), deployed);
}

describe("alertFor", () => {
  it("returns a NON_COMPLIANT alert with rule, resource, old → new, annotation, remediation and console links", () => {
    const a = alert(event("NON_COMPLIANT", "COMPLIANT"));
    expect(a?.kind).toBe("non-compliant");
    expect(a?.subject).toBe(
      "[migration-guard] NON_COMPLIANT (high): dms-endpoint-tls - ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    );
    expect(a?.message).toContain(
      "AWS::DMS::Endpoint ABCDEFGHIJKLMNOPQRSTUVWXYZ does not comply with dms-endpoint-tls.",
    );
    expect(a?.message).toContain(
      "Resource:    AWS::DMS::Endpoint arn:aws:dms:eu-west-1:111122223333:endpoint:ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    );
    expect(a?.message).toContain("Account:     111122223333, eu-west-1");
    expect(a?.message).toContain("Compliance:  COMPLIANT -> NON_COMPLIANT");
    expect(a?.message).toContain("Annotation:  mysql endpoint uses SslMode none");
    expect(a?.message).toContain(`Remediation: ${tls.remediation}`);
    expect(a?.message).toContain(
      "https://eu-west-1.console.aws.amazon.com/config/home?region=eu-west-1#/rules/details?configRuleName=dms-endpoint-tls",
    );
    expect(a?.message).toContain(
      "#/resources/details?resourceId=arn%3Aaws%3Adms%3Aeu-west-1%3A111122223333%3Aendpoint%3AABCDEFGHIJKLMNOPQRSTUVWXYZ&resourceType=AWS%3A%3ADMS%3A%3AEndpoint",
    );
  });

  it("returns a NON_COMPLIANT alert for a resource evaluated for the first time", () => {
    const a = alert(event("NON_COMPLIANT", undefined));
    expect(a?.kind).toBe("non-compliant");
    expect(a?.message).toContain("Compliance:  not evaluated -> NON_COMPLIANT");
  });

  it("returns a recovery alert when NON_COMPLIANT becomes COMPLIANT", () => {
    const a = alert(event("COMPLIANT", "NON_COMPLIANT"));
    expect(a?.kind).toBe("recovered");
    expect(a?.subject).toBe(
      "[migration-guard] Recovered: dms-endpoint-tls - ABCDEFGHIJKLMNOPQRSTUVWXYZ is COMPLIANT",
    );
    expect(a?.message).toContain("complies with dms-endpoint-tls again");
    expect(a?.message).toContain("Compliance:  NON_COMPLIANT -> COMPLIANT");
    expect(a?.message).not.toContain("Remediation:");
  });

  it.each([
    ["COMPLIANT", undefined],
    ["COMPLIANT", "NOT_APPLICABLE"],
    ["NOT_APPLICABLE", "NON_COMPLIANT"],
    ["NON_COMPLIANT", "NON_COMPLIANT"],
  ])("returns no alert for %s (was %s)", (next, old) => {
    expect(alert(event(next, old))).toBeUndefined();
  });

  it("returns no alert for a Config rule this app did not deploy", () => {
    expect(
      alert(event("NON_COMPLIANT", "COMPLIANT", (e) => (e.detail.configRuleName = "s3-bucket-versioning"))),
    ).toBeUndefined();
  });

  it("keeps the subject within SNS limits: one line of printable ASCII, at most 100 characters", () => {
    const a = alert(
      event("NON_COMPLIANT", "COMPLIANT", (e) => {
        e.detail.resourceId = `arn:aws:dms:eu-west-1:111122223333:endpoint:${"é\nX".repeat(60)}`;
      }),
    );
    expect(a?.subject.length).toBeLessThanOrEqual(SUBJECT_MAX);
    expect(a?.subject).toMatch(/^[\x20-\x7e]+$/);
  });

  it("masks credential-looking values in the annotation", () => {
    const a = alert(
      event("NON_COMPLIANT", "COMPLIANT", (e) => {
        e.detail.newEvaluationResult.annotation =
          "ExtraConnectionAttributes has password=hunter2; url mongodb://admin:s3cret@db:27017";
      }),
    );
    expect(a?.message).not.toContain("hunter2");
    expect(a?.message).not.toContain("s3cret");
    expect(a?.message).toContain("password=****");
  });
});

describe("parseComplianceChange", () => {
  it("reads resource type and id from the evaluation when the detail lacks them", () => {
    const change = parseComplianceChange(
      event("NON_COMPLIANT", "COMPLIANT", (e) => {
        delete (e.detail as Partial<Event["detail"]>).resourceType;
      }),
    );
    expect(change.resourceType).toBe("AWS::DMS::Endpoint");
  });

  it.each([
    [
      (e: Event) => (e["detail-type"] = "Scheduled Event"),
      /event.detail-type: not an accepted value \(got string\)/,
    ],
    [
      (e: Event) => delete (e.detail as Partial<Event["detail"]>).newEvaluationResult,
      /event.detail.newEvaluationResult: expected an object/,
    ],
    [
      (e: Event) => ((e.detail as Record<string, unknown>).configRuleName = 7),
      /event.detail.configRuleName: expected a string/,
    ],
  ])("rejects a malformed event naming the field (%#)", (mutate, message) => {
    expect(() => parseComplianceChange(event("NON_COMPLIANT", "COMPLIANT", mutate))).toThrow(message);
  });
});

describe("maskSecrets", () => {
  it("masks passwords, URL credentials and private keys, and leaves other text", () => {
    expect(maskSecrets("pwd: abc, secret=xyz")).toBe("pwd: ****, secret=****");
    expect(maskSecrets("https://user:pa55@host/x")).toBe("https://user:****@host/x");
    expect(maskSecrets("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----")).toBe(
      "[private key removed]",
    );
    expect(maskSecrets("uses SslMode none; set verify-full")).toBe("uses SslMode none; set verify-full");
  });
});
