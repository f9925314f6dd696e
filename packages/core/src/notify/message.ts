import { type DeployedRule, deployedRuleFor } from "../deploy/deployed-rules.js";
import { MalformedInputError } from "../errors.js";
import { isRecord, optRecord, optStr, record, str } from "../util/read.js";

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

/** Read the fields an alert needs; a malformed event is one error naming the field. */
function parseComplianceChange(event: unknown): ComplianceChange {
  const e = record(event, "event");
  if (e["detail-type"] !== "Config Rules Compliance Change") {
    throw new MalformedInputError(
      `event.detail-type: expected "Config Rules Compliance Change", got ${JSON.stringify(e["detail-type"])}`,
    );
  }
  const detail = record(e.detail, "event.detail");
  const next = record(detail.newEvaluationResult, "event.detail.newEvaluationResult");
  const old = optRecord(detail.oldEvaluationResult, "event.detail.oldEvaluationResult");
  const qualifier = optRecord(
    optRecord(next.evaluationResultIdentifier, "event.detail.newEvaluationResult.evaluationResultIdentifier")
      ?.evaluationResultQualifier,
    "event.detail.newEvaluationResult.evaluationResultIdentifier.evaluationResultQualifier",
  );
  return {
    configRuleName: str(detail.configRuleName, "event.detail.configRuleName"),
    account: optStr(detail.awsAccountId, "event.detail.awsAccountId") ?? str(e.account, "event.account"),
    region: optStr(detail.awsRegion, "event.detail.awsRegion") ?? str(e.region, "event.region"),
    resourceType:
      optStr(detail.resourceType, "event.detail.resourceType") ??
      str(qualifier?.resourceType, "event.detail.resourceType"),
    resourceId:
      optStr(detail.resourceId, "event.detail.resourceId") ??
      str(qualifier?.resourceId, "event.detail.resourceId"),
    newCompliance: str(next.complianceType, "event.detail.newEvaluationResult.complianceType"),
    oldCompliance: old
      ? optStr(old.complianceType, "event.detail.oldEvaluationResult.complianceType")
      : undefined,
    annotation: optStr(next.annotation, "event.detail.newEvaluationResult.annotation")?.trim() || undefined,
    time:
      optStr(next.resultRecordedTime, "event.detail.newEvaluationResult.resultRecordedTime") ??
      (typeof e.time === "string" ? e.time : undefined),
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

/** Text on one line: control characters (line breaks included) become spaces. */
function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strip control characters on purpose.
  return text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
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
): Alert | undefined {
  const match = deployedRuleFor(change.configRuleName, deployed);
  if (!match) return undefined;
  const ruleName = match.configRuleName;
  const becameNonCompliant =
    change.newCompliance === "NON_COMPLIANT" && change.oldCompliance !== "NON_COMPLIANT";
  const recovered = change.newCompliance === "COMPLIANT" && change.oldCompliance === "NON_COMPLIANT";
  if (!becameNonCompliant && !recovered) return undefined;
  const { rule } = match;
  const name = shortName(change.resourceId);
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
      ? `${change.resourceType} ${name} does not comply with ${ruleName}.`
      : `${change.resourceType} ${name} complies with ${ruleName} again.`,
    "",
    `Rule:        ${ruleName} (${rule.severity}) - ${rule.description}`,
    `Resource:    ${change.resourceType} ${change.resourceId}`,
    `Account:     ${change.account}${accountName ? ` (${oneLine(accountName)})` : ""}, ${change.region}`,
    `Compliance:  ${was} -> ${change.newCompliance}`,
  ];
  if (change.annotation) lines.push(`Annotation:  ${maskSecrets(change.annotation)}`);
  if (becameNonCompliant) lines.push(`Remediation: ${rule.remediation}`);
  if (change.time) lines.push(`Recorded:    ${change.time}`);
  lines.push("", `Resource in AWS Config: ${links.resource}`, `Rule in AWS Config:     ${links.rule}`);
  return {
    kind: becameNonCompliant ? "non-compliant" : "recovered",
    subject,
    message: `${lines.join("\n")}\n`,
  };
}

/** True when the value looks like a Config compliance change event at all (for routing/logging). */
function isComplianceChangeEvent(event: unknown): boolean {
  return isRecord(event) && event["detail-type"] === "Config Rules Compliance Change";
}

export type { Alert, ComplianceChange };
export { alertFor, consoleLinks, isComplianceChangeEvent, maskSecrets, parseComplianceChange, SUBJECT_MAX };
