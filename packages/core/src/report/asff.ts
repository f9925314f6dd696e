import type { Severity } from "../rules/types.js";
import { display } from "../util/display.js";
import { cut, findingId, PRODUCT } from "./finding-id.js";
import type { ExportInput, ReportResult } from "./results.js";

/**
 * `--format asff`: a JSON array of AWS Security Finding Format findings, ready for Security Hub's
 * BatchImportFindings. Source: botocore's securityhub model (test/fixtures/aws-models/securityhub.json):
 * AwsSecurityFinding requires SchemaVersion (the value is 2018-10-08), Id (at most 512), ProductArn,
 * GeneratorId, AwsAccountId, CreatedAt, UpdatedAt, Title (at most 256), Description (at most 1024) and
 * Resources; Compliance.Status is PASSED | WARNING | FAILED | NOT_AVAILABLE; Severity.Label
 * INFORMATIONAL | LOW | MEDIUM | HIGH | CRITICAL (INFORMATIONAL: no issue found);
 * Remediation.Recommendation.Text at most 512; finding providers give severity and types in
 * FindingProviderFields (the BatchImportFindings documentation); Resource.Type is the ResourceDetails
 * member name when the type has one, else Other.
 */

const SCHEMA_VERSION = "2018-10-08";

const LABEL: Record<Severity, string> = { low: "LOW", medium: "MEDIUM", high: "HIGH", critical: "CRITICAL" };

const STATUS = { COMPLIANT: "PASSED", NON_COMPLIANT: "FAILED", NOT_APPLICABLE: "NOT_AVAILABLE" } as const;

/** Security Hub's resource types (ResourceDetails members) for the AWS Config types the rules evaluate. */
const RESOURCE_TYPES: Record<string, string> = {
  "AWS::DMS::Endpoint": "AwsDmsEndpoint",
  "AWS::DMS::ReplicationInstance": "AwsDmsReplicationInstance",
  "AWS::DMS::ReplicationTask": "AwsDmsReplicationTask",
  "AWS::IAM::User": "AwsIamUser",
  "AWS::IAM::Role": "AwsIamRole",
  "AWS::KMS::Key": "AwsKmsKey",
  "AWS::EC2::SecurityGroup": "AwsEc2SecurityGroup",
};

const TYPES = ["Software and Configuration Checks/AWS Security Best Practices"];

/** The AWS partition of a region (ARNs in China and GovCloud have their own). */
function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  if (region.startsWith("us-iso-")) return "aws-iso";
  return "aws";
}

/** The default product ARN of an account: the one a customer's own findings are imported under. */
function productArn(region: string, accountId: string): string {
  return `arn:${partitionOf(region)}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

function toAsffFinding(result: ReportResult): Record<string, unknown> {
  const e = result.evaluation;
  const rule = result.rule;
  const label = e.compliance === "NON_COMPLIANT" ? LABEL[rule?.severity ?? "medium"] : "INFORMATIONAL";
  const time = result.evaluatedAt.toISOString();
  const name = display(e.resourceName ?? e.resourceId);
  const description = display(e.annotation).trim() || `${e.compliance} for ${e.rule}`;
  return {
    SchemaVersion: SCHEMA_VERSION,
    Id: findingId(result),
    ProductArn: productArn(result.region, result.accountId),
    ProductName: PRODUCT.name,
    CompanyName: PRODUCT.vendor,
    GeneratorId: e.rule,
    AwsAccountId: result.accountId,
    Region: result.region,
    Types: TYPES,
    CreatedAt: time,
    UpdatedAt: time,
    Severity: { Label: label, ...(rule ? { Original: rule.severity } : {}) },
    Title: cut(`${e.rule}: ${name}`, 256),
    Description: cut(description, 1024),
    Resources: [
      {
        Type: RESOURCE_TYPES[e.resourceType] ?? "Other",
        Id: e.resourceId,
        Partition: partitionOf(result.region),
        Region: result.region,
      },
    ],
    Compliance: {
      Status: STATUS[e.compliance],
      ...(rule ? { RelatedRequirements: [rule.source.document] } : {}),
    },
    ...(rule ? { Remediation: { Recommendation: { Text: cut(rule.remediation, 512) } } } : {}),
    FindingProviderFields: {
      Severity: { Label: label, ...(rule ? { Original: rule.severity } : {}) },
      Types: TYPES,
    },
    ProductFields: { "migration-guard/rule": e.rule, "migration-guard/resourceType": e.resourceType },
    RecordState: "ACTIVE",
  };
}

function toAsffFindings(input: ExportInput): Record<string, unknown>[] {
  return input.results.map(toAsffFinding);
}

function toAsff(input: ExportInput): string {
  return `${JSON.stringify(toAsffFindings(input), null, 2)}\n`;
}

export { partitionOf, productArn, SCHEMA_VERSION, toAsff, toAsffFinding, toAsffFindings };
