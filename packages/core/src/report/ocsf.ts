import type { Severity } from "../rules/types.js";
import { display } from "../util/display.js";
import { cut, findingId, PRODUCT } from "./finding-id.js";
import type { ExportInput, ReportResult } from "./results.js";

/**
 * `--format ocsf`: a JSON array of OCSF 1.3.0 Compliance Finding events, one per result.
 * Source: the OCSF schema at tag 1.3.0 (github.com/ocsf/ocsf-schema): categories.json (findings = 2),
 * events/findings/compliance_finding.json (uid 3, so class_uid 2003), finding.json (activity_id 1 Create),
 * dictionary.json (type_uid = class_uid * 100 + activity_id; severity_id 0 Unknown, 1 Informational,
 * 2 Low, 3 Medium, 4 High, 5 Critical), objects/compliance.json (status_id 1 Pass, 2 Warning, 3 Fail;
 * the dictionary adds 0 Unknown and 99 Other, whose `status` then carries the source's text;
 * `standards` required), objects/metadata.json (product and version required), objects/product.json
 * (vendor_name required), objects/finding_info.json (uid, title required), objects/cloud.json
 * (provider required), objects/remediation.json (desc required).
 */

const OCSF_VERSION = "1.3.0";
const CATEGORY_UID = 2;
const CLASS_UID = 2003;
const ACTIVITY_CREATE = 1;

const SEVERITY_ID: Record<Severity, number> = { low: 2, medium: 3, high: 4, critical: 5 };
const SEVERITY_NAME: Record<number, string> = {
  1: "Informational",
  2: "Low",
  3: "Medium",
  4: "High",
  5: "Critical",
};

/** A passing or not-applicable result is Informational; a failing one has its rule's severity. */
function severityId(result: ReportResult): number {
  if (result.evaluation.compliance !== "NON_COMPLIANT") return 1;
  return SEVERITY_ID[result.rule?.severity ?? "medium"];
}

function complianceStatus(result: ReportResult): { status_id: number; status: string } {
  switch (result.evaluation.compliance) {
    case "COMPLIANT":
      return { status_id: 1, status: "Pass" };
    case "NON_COMPLIANT":
      return { status_id: 3, status: "Fail" };
    case "NOT_APPLICABLE":
      return { status_id: 99, status: "Not Applicable" };
  }
}

function toOcsfEvent(result: ReportResult): Record<string, unknown> {
  const e = result.evaluation;
  const rule = result.rule;
  const name = display(e.resourceName ?? e.resourceId);
  const severity = severityId(result);
  const { status_id, status } = complianceStatus(result);
  const time = result.evaluatedAt.getTime();
  return {
    class_uid: CLASS_UID,
    class_name: "Compliance Finding",
    category_uid: CATEGORY_UID,
    category_name: "Findings",
    activity_id: ACTIVITY_CREATE,
    activity_name: "Create",
    type_uid: CLASS_UID * 100 + ACTIVITY_CREATE,
    type_name: "Compliance Finding: Create",
    severity_id: severity,
    severity: SEVERITY_NAME[severity],
    time,
    message: display(e.annotation),
    metadata: {
      version: OCSF_VERSION,
      product: { name: PRODUCT.name, vendor_name: PRODUCT.vendor, version: PRODUCT.version },
    },
    finding_info: {
      uid: findingId(result),
      title: cut(`${e.rule}: ${name}`, 256),
      desc: display(e.annotation),
      created_time: time,
    },
    compliance: {
      status_id,
      status,
      ...(e.compliance === "NOT_APPLICABLE" ? { status_detail: "NOT_APPLICABLE" } : {}),
      standards: [rule?.source.document ?? PRODUCT.name],
      control: e.rule,
      ...(rule ? { requirements: [display(rule.source.text)] } : {}),
    },
    resources: [{ uid: e.resourceId, name, type: e.resourceType, region: result.region }],
    cloud: {
      provider: "AWS",
      account: { uid: result.accountId, type: "AWS Account", type_id: 10 },
      region: result.region,
    },
    ...(rule ? { remediation: { desc: rule.remediation } } : {}),
  };
}

function toOcsf(input: ExportInput): string {
  return `${JSON.stringify(input.results.map(toOcsfEvent), null, 2)}\n`;
}

export { OCSF_VERSION, toOcsf, toOcsfEvent };
