import { EventBridgeSchema } from "@aws-lambda-powertools/parser/schemas";
import { optObject, optString, parseAt, z } from "../aws/schemas/parse.js";
import { type DeployedRule, deployedRuleFor } from "../deploy/deployed-rules.js";
import { MalformedInputError } from "../errors.js";
import { isRecord } from "../util/read.js";

/**
 * Alerts from AWS Config's `Config Rules Compliance Change` events: a readable SNS subject and
 * message when a resource becomes NON_COMPLIANT (from anything else, or first evaluated so) and
 * when it recovers to COMPLIANT from NON_COMPLIANT. Other transitions (to or from NOT_APPLICABLE,
 * unchanged results) are not alerts. The message carries identifiers, compliance and the rule's
 * annotation (rules never put secrets there; credential-looking values are masked anyway).
 */

interface ComplianceChange {
  configRuleName: string;
  account: string;
  region: string;
  resourceType: string;
  resourceId: string;
  newCompliance: string;
  oldCompliance: string | undefined;
  annotation: string | undefined;
  time: string | undefined;
}

interface Alert {
  kind: "non-compliant" | "recovered";
  subject: string;
  message: string;
}

/** SNS subjects: at most 100 printable ASCII characters, no line breaks. */
const SUBJECT_MAX = 100;

const COMPLIANCE_CHANGE = "Config Rules Compliance Change";

/**
 * An AWS region name (the pattern of stacks/organization-settings.ts): console links are built
 * from it, so anything else (`evil.example.com/#`) makes the event malformed.
 */
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const ACCOUNT_ID = /^\d{12}$/;

const regionSchema = z.string().superRefine((region, ctx) => {
  if (!REGION.test(region)) ctx.addIssue({ code: "custom", message: "not an AWS region name" });
});
const accountSchema = z.string().superRefine((account, ctx) => {
  if (!ACCOUNT_ID.test(account))
    ctx.addIssue({ code: "custom", message: "not an AWS account id (12 digits)" });
});

const EvaluationResultSchema = z.object({
  evaluationResultIdentifier: optObject(
    z.object({
      evaluationResultQualifier: optObject(z.object({ resourceType: optString, resourceId: optString })),
    }),
  ),
  complianceType: z.string(),
  annotation: optString,
  resultRecordedTime: optString,
});

/** The detail of a compliance change (fields as in the event AWS Config sends to EventBridge). */
const ComplianceChangeDetailSchema = z.object({
  configRuleName: z.string(),
  awsAccountId: optString.pipe(accountSchema.optional()),
  awsRegion: optString.pipe(regionSchema.optional()),
  resourceType: optString,
  resourceId: optString,
  newEvaluationResult: EvaluationResultSchema,
  oldEvaluationResult: optObject(z.object({ complianceType: optString })),
});

/** The Powertools EventBridge envelope around that detail; the envelope's account and region validated. */
const ComplianceChangeEventSchema = EventBridgeSchema.extend({
  account: accountSchema,
  region: regionSchema,
  detail: ComplianceChangeDetailSchema,
});

/** Checked first, so that another kind of event is named as such. */
const DetailTypeSchema = z.object({ "detail-type": z.literal(COMPLIANCE_CHANGE) });

/**
 * Read the fields an alert needs; a malformed event is one MalformedInputError naming the field.
 * The account shown is the event's own `account`; a `detail.awsAccountId` that differs from it is
 * refused (a forged detail cannot name another account).
 */
function parseComplianceChange(event: unknown): ComplianceChange {
  parseAt(DetailTypeSchema, event, "event");
  const e = parseAt(ComplianceChangeEventSchema, event, "event");
  const { detail } = e;
  if (detail.awsAccountId !== undefined && detail.awsAccountId !== e.account) {
    throw new MalformedInputError("event.detail.awsAccountId: differs from the event's account");
  }
  const next = detail.newEvaluationResult;
  const qualifier = next.evaluationResultIdentifier?.evaluationResultQualifier;
  const resourceType = detail.resourceType ?? qualifier?.resourceType;
  const resourceId = detail.resourceId ?? qualifier?.resourceId;
  if (resourceType === undefined) throw new MalformedInputError("event.detail.resourceType: missing");
  if (resourceId === undefined) throw new MalformedInputError("event.detail.resourceId: missing");
  return {
    configRuleName: detail.configRuleName,
    account: e.account,
    region: detail.awsRegion ?? e.region,
    resourceType,
    resourceId,
    newCompliance: next.complianceType,
    oldCompliance: detail.oldEvaluationResult?.complianceType,
    annotation: next.annotation?.trim() || undefined,
    time: next.resultRecordedTime ?? e.time,
  };
}

/** Mask values that look like credentials (`password=…`, `secret: …`, private key blocks). */
function maskSecrets(text: string): string {
  return text
    .replace(
      /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
      "[private key removed]",
    )
    .replace(
      /\b(password|passwd|pwd|secret|secretaccesskey|token)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&]+)/gi,
      "$1$2****",
    )
    .replace(/(\/\/[^/\s:@]+:)[^@\s/]+@/g, "$1****@");
}

function asciiLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strip control characters on purpose.
  return text.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/[^\x20-\x7e]/g, "?");
}

/**
 * Text on one line: control characters (C0 and C1, line breaks included), Unicode line and
 * paragraph separators and bidirectional overrides become spaces, so a field cannot start a line
 * of its own (a fake "Remediation:") or reorder what is shown.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced.
const NOT_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;

function oneLine(text: string): string {
  return text.replace(NOT_ONE_LINE, " ").trim();
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

/** The Config console pages for the rule and for the resource. */
function consoleLinks(change: ComplianceChange): { rule: string; resource: string } {
  const base = `https://${change.region}.console.aws.amazon.com/config/home?region=${change.region}`;
  return {
    rule: `${base}#/rules/details?configRuleName=${encodeURIComponent(change.configRuleName)}`,
    resource: `${base}#/resources/details?resourceId=${encodeURIComponent(change.resourceId)}&resourceType=${encodeURIComponent(change.resourceType)}`,
  };
}

/** The short name of a resource: the last part of an ARN, or the id itself. */
function shortName(resourceId: string): string {
  if (!resourceId.startsWith("arn:")) return resourceId;
  const resource = resourceId.split(":").slice(5).join(":");
  return resource.split(/[/:]/).pop() || resource;
}

/**
 * Which Config rule names are this app's: per-account mode deploys the rules under their own names;
 * organization mode deploys organization rules, whose instances AWS Config names
 * `OrgConfigRule-<name>-<suffix>` in each account (deploy/deployed-rules.ts), so only those match.
 */
type AlertMode = "account" | "organization";

/**
 * The alert for a compliance change, or undefined when the change is not one to alert on.
 * `deployed` gives the rule behind the Config rule name (its description, severity and
 * remediation); a Config rule of another app is not alerted on. A member account's rule of an
 * organization rule (`OrgConfigRule-<name>-<suffix>`) is shown under the organization rule's name.
 * `accountName` (organization mode) is shown beside the account id.
 */
function alertFor(
  change: ComplianceChange,
  deployed: readonly DeployedRule[],
  accountName?: string,
  mode: AlertMode = "account",
): Alert | undefined {
  const match = deployedRuleFor(change.configRuleName, deployed);
  if (!match) return undefined;
  const exact = match.configRuleName === change.configRuleName;
  if (exact !== (mode === "account")) return undefined;
  const ruleName = match.configRuleName;
  const becameNonCompliant =
    change.newCompliance === "NON_COMPLIANT" && change.oldCompliance !== "NON_COMPLIANT";
  const recovered = change.newCompliance === "COMPLIANT" && change.oldCompliance === "NON_COMPLIANT";
  if (!becameNonCompliant && !recovered) return undefined;
  const { rule } = match;
  const name = oneLine(shortName(change.resourceId));
  const resourceType = oneLine(change.resourceType);
  const subject = truncate(
    asciiLine(
      becameNonCompliant
        ? `[migration-guard] NON_COMPLIANT (${rule.severity}): ${ruleName} - ${name}`
        : `[migration-guard] Recovered: ${ruleName} - ${name} is COMPLIANT`,
    ),
    SUBJECT_MAX,
  );
  const links = consoleLinks(change);
  const was = change.oldCompliance ?? "not evaluated";
  const lines = [
    becameNonCompliant
      ? `${resourceType} ${name} does not comply with ${ruleName}.`
      : `${resourceType} ${name} complies with ${ruleName} again.`,
    "",
    `Rule:        ${ruleName} (${rule.severity}) - ${rule.description}`,
    `Resource:    ${resourceType} ${oneLine(change.resourceId)}`,
    `Account:     ${change.account}${accountName ? ` (${oneLine(accountName)})` : ""}, ${change.region}`,
    `Compliance:  ${was} -> ${change.newCompliance}`,
  ];
  if (change.annotation) lines.push(`Annotation:  ${oneLine(maskSecrets(change.annotation))}`);
  if (becameNonCompliant) lines.push(`Remediation: ${rule.remediation}`);
  if (change.time) lines.push(`Recorded:    ${oneLine(change.time)}`);
  lines.push("", `Resource in AWS Config: ${links.resource}`, `Rule in AWS Config:     ${links.rule}`);
  return {
    kind: becameNonCompliant ? "non-compliant" : "recovered",
    subject,
    message: `${lines.join("\n")}\n`,
  };
}

/** True when the value looks like a Config compliance change event at all (for routing/logging). */
function isComplianceChangeEvent(event: unknown): boolean {
  return isRecord(event) && event["detail-type"] === COMPLIANCE_CHANGE;
}

export type { Alert, AlertMode, ComplianceChange };
export { alertFor, consoleLinks, isComplianceChangeEvent, maskSecrets, parseComplianceChange, SUBJECT_MAX };
