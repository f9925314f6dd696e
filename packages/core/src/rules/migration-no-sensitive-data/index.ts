import { dmsResourceModel } from "../../model/dms-resource.js";
import type { DmsResource, Facts, Tags } from "../../model/index.js";
import { matchesBounded, unsafePatternReason } from "../../util/safe-pattern.js";
import {
  ACCESS_KEY_ID,
  ACCESS_KEY_ID_ANY_CASE,
  EMAIL,
  type Finding,
  MARKER,
  MARKER_FINDING,
  PRIVATE_KEY,
  SECRET_ASSIGNMENT,
  URL_CREDENTIALS,
} from "../../util/sensitive.js";
import { param } from "../params.js";
import { defineRule } from "../types.js";

/**
 * migration-no-sensitive-data — no confidential data in tags, names or URLs of migration resources.
 *
 * Source: docs/seeds/sms-data-protection.txt (Data protection): "We strongly recommend that
 * you never put confidential or sensitive information, such as your customers' email addresses,
 * into tags or free-form fields such as a Name field." and "If you provide a URL to an external
 * server, we strongly recommend that you do not include credentials information in the URL".
 *
 * Resource types: one rule spanning the DMS resource types (AWS::DMS::Endpoint,
 * AWS::DMS::ReplicationInstance, AWS::DMS::ReplicationTask, AWS::DMS::Certificate, and the DMS
 * Serverless AWS::DMS::ReplicationConfig, which Config does not record). AWS Config
 * records compliance per resource, so the rule reports one evaluation per resource with that
 * resource's own ComplianceResourceType (as the managed rule required-tags does), and its Config
 * scope lists all four types. It is periodic only: the tags it reads come from
 * ListTagsForResource, and a periodic run sees every resource at once.
 *
 * The annotation names the field (and the tag key, unless the key itself is the problem), never the value.
 *
 * Scenarios: `scenarios` in the metadata below (one test each; `migration-guard explain` prints them).
 */

type FieldKind = "name" | "tag" | "url";

interface Field {
  kind: FieldKind;
  /** How the annotation names it: `KafkaSettings.Broker`, `tag Owner`, `a tag key`. */
  label: string;
  value: string;
  /** Identifiers are lower-cased by DMS. */
  anyCase?: boolean;
}

function detectors(field: Field): [Finding, RegExp][] {
  const list: [Finding, RegExp][] = [
    ["an AWS access key id", field.anyCase ? ACCESS_KEY_ID_ANY_CASE : ACCESS_KEY_ID],
    ["a secret", SECRET_ASSIGNMENT],
    ["a private key", PRIVATE_KEY],
  ];
  if (field.kind === "url") list.push(["credentials", URL_CREDENTIALS]);
  else list.push(["an e-mail address", EMAIL]);
  return list;
}

/** Characters of a field that are scanned: its first SCAN_MAX (a longer field is itself a finding). */
const SCAN_MAX = 4096;

function allowed(text: string, patterns: readonly RegExp[]): boolean {
  return matchesBounded(text.trim(), patterns);
}

/** What a field contains that it should not (allowed matches removed). */
function scan(field: Field, patterns: readonly RegExp[]): Finding[] {
  const found = new Set<Finding>();
  const text = field.value.slice(0, SCAN_MAX);
  for (const [finding, regex] of detectors(field)) {
    for (const match of text.matchAll(regex)) {
      if (!allowed(match[0], patterns)) {
        found.add(finding);
        break;
      }
    }
  }
  // A secret a capture replaced by its marker (util/redact.ts) is reported as the secret was.
  for (const match of text.matchAll(MARKER)) {
    const finding = MARKER_FINDING[match[1] as string];
    if (finding) found.add(finding);
  }
  return [...found];
}

function tagFields(tags: Tags | undefined, patterns: readonly RegExp[]): Field[] {
  const fields: Field[] = [];
  for (const [key, value] of Object.entries(tags ?? {})) {
    const keyField: Field = { kind: "tag", label: "a tag key", value: key };
    fields.push(keyField);
    // Name the tag by its key only when the key itself is clean.
    const label = scan(keyField, patterns).length === 0 ? `tag ${key.slice(0, 40)}` : "a tag value";
    fields.push({ kind: "tag", label, value });
  }
  return fields;
}

function fieldsOf(resource: DmsResource): Field[] {
  const fields: Field[] = [];
  const add = (kind: FieldKind, label: string, value: string | undefined, anyCase = false) => {
    if (value) fields.push({ kind, label, value, anyCase });
  };
  switch (resource.resourceType) {
    case "AWS::DMS::Endpoint": {
      const e = resource.endpoint;
      add("name", "EndpointIdentifier", e.identifier, true);
      add("url", "ServerName", e.serverName);
      add("url", "ExtraConnectionAttributes", e.extraConnectionAttributes);
      add("url", "KafkaSettings.Broker", e.settings.kafka?.broker);
      add("url", "ElasticsearchSettings.EndpointUri", e.settings.openSearch?.endpointUri);
      add("url", "MongoDbSettings.ServerName", e.settings.mongoDb?.serverName);
      add("url", "DocDbSettings.ServerName", e.settings.docDb?.serverName);
      break;
    }
    case "AWS::DMS::ReplicationInstance":
      add("name", "ReplicationInstanceIdentifier", resource.replicationInstance.identifier, true);
      break;
    case "AWS::DMS::ReplicationTask":
      add("name", "ReplicationTaskIdentifier", resource.replicationTask.identifier, true);
      break;
    case "AWS::DMS::Certificate":
      add("name", "CertificateIdentifier", resource.certificate.identifier, true);
      break;
    case "AWS::DMS::ReplicationConfig":
      add("name", "ReplicationConfigIdentifier", resource.replicationConfig.identifier, true);
      break;
  }
  return fields;
}

function arnOf(resource: DmsResource): string {
  return dmsResourceModel(resource).arn;
}

function ownTags(resource: DmsResource): Tags | undefined {
  switch (resource.resourceType) {
    case "AWS::DMS::Endpoint":
      return resource.endpoint.tags;
    case "AWS::DMS::ReplicationInstance":
      return resource.replicationInstance.tags;
    case "AWS::DMS::ReplicationTask":
      return resource.replicationTask.tags;
    case "AWS::DMS::Certificate":
      return undefined;
    case "AWS::DMS::ReplicationConfig":
      return resource.replicationConfig.tags;
  }
}

function compile(patterns: readonly string[]): RegExp[] {
  return patterns.map((p) => new RegExp(`^(?:${p})$`, "i"));
}

function validPattern(item: string): string | undefined {
  return unsafePatternReason(item);
}

function findSensitive(resource: DmsResource, tags: Facts["dmsTags"], patterns: readonly RegExp[]): string[] {
  const fields = [
    ...fieldsOf(resource),
    ...tagFields(ownTags(resource) ?? tags.get(arnOf(resource)), patterns),
  ];
  const problems: string[] = [];
  for (const field of fields) {
    const found = scan(field, patterns);
    if (found.length > 0) problems.push(`${field.label} contains ${found.join(" and ")}`);
    if (field.value.length > SCAN_MAX)
      problems.push(`${field.label} is longer than ${SCAN_MAX} characters, checked only that far`);
  }
  return problems;
}

const rule = defineRule({
  name: "migration-no-sensitive-data",
  description:
    "Tags, names and connection URLs of DMS resources hold no e-mail addresses, access key ids, secrets or URL credentials",
  resourceKind: "dmsResource",
  triggers: { configurationChange: false, periodic: "TwentyFour_Hours" },
  parameters: {
    allowedPatterns: param.list(
      [],
      "regular expressions (case-insensitive, whole match, at most 200 characters, no nested quantifiers) for known-safe values, e.g. a team mailbox",
      validPattern,
    ),
  },
  facts: ["dmsTags"],
  severity: "medium",
  remediation:
    "Remove personal data, keys and secrets from tags and names (they reach billing and diagnostic logs); keep credentials out of URLs and connection attributes: use AWS Secrets Manager for endpoint credentials",
  source: {
    document: "sms-data-protection.txt",
    text: "We strongly recommend that you never put confidential or sensitive information, such as your customers' email addresses, into tags or free-form fields such as a Name field.",
  },
  scenarios: [
    "Given an endpoint whose tag value holds an e-mail address, Then NON_COMPLIANT naming the tag key only.",
    "Given a tag key that holds an e-mail address, Then NON_COMPLIANT without naming the key.",
    "Given a replication instance tag holding an AWS access key id, Then NON_COMPLIANT.",
    "Given an endpoint whose ExtraConnectionAttributes contain password=, Then NON_COMPLIANT naming ExtraConnectionAttributes.",
    "Given a Kafka endpoint whose Broker embeds user:password@, Then NON_COMPLIANT naming KafkaSettings.Broker.",
    "Given a MongoDB endpoint whose ServerName is a mongodb:// URL with credentials, Then NON_COMPLIANT.",
    "Given a certificate tag holding a private key marker, Then NON_COMPLIANT.",
    "Given a task identifier that contains an access key id, Then NON_COMPLIANT naming ReplicationTaskIdentifier.",
    "Given a DMS Serverless replication config whose identifier or tag holds an e-mail address, Then NON_COMPLIANT naming ReplicationConfigIdentifier or the tag key.",
    "Given a field where a capture left a redaction marker ([redacted:credentials]), Then NON_COMPLIANT as for the secret.",
    "Given an e-mail address matched by allowedPatterns, Then COMPLIANT.",
    "Given a field longer than 4,096 characters, Then what its first 4,096 hold is reported, and its length.",
    "Given allowedPatterns with a nested quantifier such as (a+)+, Then a parameter error.",
    "Given a resource with ordinary tags and names, Then COMPLIANT.",
  ],
  references: (resource) => ({ dmsTags: ownTags(resource) === undefined ? [arnOf(resource)] : [] }),
  evaluate(resource, params, { facts }) {
    const problems = findSensitive(resource, facts.dmsTags, compile(params.allowedPatterns));
    if (problems.length === 0)
      return { compliance: "COMPLIANT", annotation: "no sensitive data found in tags, names or URLs" };
    return {
      compliance: "NON_COMPLIANT",
      annotation: `${problems.join("; ")}; remove it (tags and names reach billing and diagnostic logs; keep credentials in Secrets Manager)`,
      details: { fields: problems },
    };
  },
});

export { rule, scan };
