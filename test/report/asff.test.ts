import { describe, expect, it } from "vitest";
import { partitionOf, productArn, toAsffFindings } from "../../packages/core/src/report/asff.js";
import { shapeOf } from "../support/aws-model.js";
import { validateShape } from "../support/shape-validator.js";
import { evaluation, input } from "./build.js";

// biome-ignore lint/suspicious/noExplicitAny: findings are read as parsed JSON.
type Finding = Record<string, any>;

describe("asff report", () => {
  it("returns findings that conform to the AwsSecurityFinding shape of the securityhub model", () => {
    const findings = toAsffFindings(
      input(
        [
          evaluation(),
          evaluation({ compliance: "COMPLIANT" }),
          evaluation({
            compliance: "NOT_APPLICABLE",
            rule: "mgn-agent-key-rotation",
            resourceType: "AWS::IAM::User",
          }),
        ],
        { includeNotApplicable: true },
      ),
    );
    expect(findings).toHaveLength(3);
    for (const finding of findings)
      expect(validateShape("securityhub", "AwsSecurityFinding", finding)).toEqual([]);
  });

  it("returns the required fields: SchemaVersion 2018-10-08, the default ProductArn, GeneratorId = rule, times", () => {
    const [f] = toAsffFindings(input([evaluation()])) as Finding[];
    expect(f).toMatchObject({
      SchemaVersion: "2018-10-08",
      ProductArn: "arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default",
      AwsAccountId: "111122223333",
      GeneratorId: "dms-endpoint-tls",
      CreatedAt: "2026-11-20T09:00:00.000Z",
      UpdatedAt: "2026-11-20T09:00:00.000Z",
      Title: "dms-endpoint-tls: orders-source",
      Resources: [
        {
          Type: "AwsDmsEndpoint",
          Id: "arn:aws:dms:eu-west-1:111122223333:endpoint:ABCDEF",
          Partition: "aws",
          Region: "eu-west-1",
        },
      ],
    });
    expect(f?.Remediation.Recommendation.Text).toMatch(/SslMode/);
  });

  it("returns the partition of China and GovCloud regions in the ProductArn", () => {
    expect(productArn("cn-north-1", "111122223333")).toBe(
      "arn:aws-cn:securityhub:cn-north-1:111122223333:product/111122223333/default",
    );
    expect(partitionOf("us-gov-west-1")).toBe("aws-us-gov");
  });

  it("returns Compliance.Status FAILED, PASSED and NOT_AVAILABLE, values of the model's ComplianceStatus enum", () => {
    const findings = toAsffFindings(
      input(
        [evaluation(), evaluation({ compliance: "COMPLIANT" }), evaluation({ compliance: "NOT_APPLICABLE" })],
        { includeNotApplicable: true },
      ),
    ) as Finding[];
    const statuses = findings.map((f) => f.Compliance.Status);
    expect(statuses).toEqual(["FAILED", "PASSED", "NOT_AVAILABLE"]);
    for (const s of statuses) expect(shapeOf("securityhub", "ComplianceStatus").enum).toContain(s);
  });

  it("returns the rule's severity for a failed finding and INFORMATIONAL for a passed one, also in FindingProviderFields", () => {
    const [failed, passed] = toAsffFindings(
      input([evaluation(), evaluation({ compliance: "COMPLIANT" })]),
    ) as Finding[];
    expect(failed?.Severity.Label).toBe("HIGH");
    expect(failed?.FindingProviderFields.Severity.Label).toBe("HIGH");
    expect(failed?.FindingProviderFields.Types).toEqual(failed?.Types);
    expect(passed?.Severity.Label).toBe("INFORMATIONAL");
  });

  it("returns a Title of at most 256 and a Description of at most 1024 characters (AwsSecurityFinding documentation)", () => {
    const [f] = toAsffFindings(
      input([evaluation({ resourceName: "n".repeat(400), annotation: "a".repeat(3000) })]),
    ) as Finding[];
    expect(Array.from(String(f?.Title)).length).toBe(256);
    expect(Array.from(String(f?.Description)).length).toBe(1024);
    const doc = shapeOf("securityhub", "AwsSecurityFinding").members?.Title?.documentation ?? "";
    expect(doc).toContain("Maximum length of 256");
  });

  it("returns an Id stable across runs, distinct per resource, and at most 512 characters", () => {
    const id = (over = {}) => (toAsffFindings(input([evaluation(over)]))[0] as Finding).Id as string;
    expect(id({ annotation: "changed" })).toBe(id());
    expect(id({ resourceId: "arn:aws:dms:eu-west-1:111122223333:endpoint:OTHER" })).not.toBe(id());
    expect(id({ resourceId: `arn:${"x".repeat(2000)}` }).length).toBeLessThanOrEqual(512);
  });
});
