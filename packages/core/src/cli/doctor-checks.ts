import type { AdvancedEventSelector, EventSelector } from "@aws-sdk/client-cloudtrail";
import type { ConfigurationRecorder } from "@aws-sdk/client-config-service";
import { RULES } from "../rules/index.js";
import { type AnyRule, ruleResourceTypes } from "../rules/types.js";

/**
 * The checks of `migration-guard doctor`, as pure functions of what was read: each is `pass`,
 * `warn` or `fail` with a message that says what to do.
 * Sources: the AWS Config API model (RecordingGroup: allSupported records every supported type
 * "excluding the global IAM resource types", which includeGlobalResourceTypes adds; useOnly
 * INCLUSION_BY_RESOURCE_TYPES / EXCLUSION_BY_RESOURCE_TYPES); the CloudTrail model (EventSelector:
 * IncludeManagementEvents defaults to true, ReadWriteType to All); stacks/config.ts (the IAM rules
 * deploy only in globalRegion, which must be us-east-1: IAM API calls reach EventBridge only there).
 */

type CheckStatus = "pass" | "warn" | "fail";

interface Check {
  id: string;
  status: CheckStatus;
  message: string;
}

/** Where the stacks deploy the rules on IAM resources (stacks/config.ts, IAM_EVENTS_REGION). */
const GLOBAL_REGION = "us-east-1";

function isIamRule(rule: AnyRule): boolean {
  return ruleResourceTypes(rule).some((type) => type.startsWith("AWS::IAM::"));
}

/** The resource types AWS Config must record in `region` for the change-triggered rules deployed there. */
function requiredResourceTypes(region: string, rules: readonly AnyRule[] = RULES): string[] {
  const types = rules
    .filter((r) => r.triggers.configurationChange && (!isIamRule(r) || region === GLOBAL_REGION))
    .flatMap((r) => ruleResourceTypes(r))
    .filter((t) => t !== "AWS::::Account");
  return [...new Set(types)].sort();
}

/** The recorder migration-guard relies on: the customer managed one (service-linked recorders have a servicePrincipal). */
function customerRecorder(recorders: readonly ConfigurationRecorder[]): ConfigurationRecorder | undefined {
  return recorders.find((r) => !r.servicePrincipal) ?? recorders[0];
}

/** Whether the recorder's recording group records `type`. */
function records(recorder: ConfigurationRecorder, type: string): boolean {
  const group = recorder.recordingGroup;
  if (!group) return false;
  const strategy =
    group.recordingStrategy?.useOnly ??
    (group.allSupported ? "ALL_SUPPORTED_RESOURCE_TYPES" : "INCLUSION_BY_RESOURCE_TYPES");
  switch (strategy) {
    case "ALL_SUPPORTED_RESOURCE_TYPES":
      return !type.startsWith("AWS::IAM::") || group.includeGlobalResourceTypes === true;
    case "EXCLUSION_BY_RESOURCE_TYPES":
      return !(group.exclusionByResourceTypes?.resourceTypes ?? []).includes(type as never);
    default:
      return (group.resourceTypes ?? []).includes(type as never);
  }
}

function recorderChecks(
  recorders: readonly ConfigurationRecorder[],
  recording: ReadonlyMap<string, boolean>,
  region: string,
): Check[] {
  const recorder = customerRecorder(recorders);
  if (!recorder?.name) {
    const fix =
      "create one (set recorder: true in the stage settings, or in the AWS Config console: Settings → Recorder)";
    return [
      { id: "config-recorder", status: "fail", message: `no AWS Config recorder in ${region}; ${fix}` },
      { id: "config-recording", status: "fail", message: "nothing records: there is no recorder" },
      { id: "config-resource-types", status: "fail", message: "nothing records: there is no recorder" },
    ];
  }
  const name = recorder.name;
  const checks: Check[] = [
    { id: "config-recorder", status: "pass", message: `recorder ${name} in ${region}` },
  ];
  checks.push(
    recording.get(name) === true
      ? { id: "config-recording", status: "pass", message: `recorder ${name} is recording` }
      : {
          id: "config-recording",
          status: "fail",
          message: `recorder ${name} is not recording; start it: aws configservice start-configuration-recorder --configuration-recorder-name ${name}`,
        },
  );
  const required = requiredResourceTypes(region);
  const missing = required.filter((t) => !records(recorder, t));
  const iamMissing = missing.filter((t) => t.startsWith("AWS::IAM::"));
  checks.push(
    missing.length === 0
      ? {
          id: "config-resource-types",
          status: "pass",
          message: `recorder ${name} records the rules' resource types (${required.join(", ")})`,
        }
      : {
          id: "config-resource-types",
          status: "fail",
          message: `recorder ${name} does not record ${missing.join(", ")}; add ${missing.length > 1 ? "them" : "it"} to its recording group${iamMissing.length && recorder.recordingGroup?.allSupported ? " (with allSupported, set includeGlobalResourceTypes to record IAM types)" : ""}`,
        },
  );
  return checks;
}

function deliveryChannelCheck(channels: readonly { name?: string | undefined }[]): Check {
  const [channel] = channels;
  return channel
    ? {
        id: "config-delivery-channel",
        status: "pass",
        message: `delivery channel ${channel.name ?? "(unnamed)"}`,
      }
    : {
        id: "config-delivery-channel",
        status: "fail",
        message:
          "no AWS Config delivery channel: the recorder cannot start without one; create it (aws configservice put-delivery-channel, or recorder: true in the stage settings)",
      };
}

/** A trail as doctor looks at it. */
interface TrailFacts {
  name: string;
  multiRegion: boolean;
  logging: boolean;
  eventSelectors: readonly EventSelector[];
  advancedEventSelectors: readonly AdvancedEventSelector[];
}

/** Whether the selectors log write management events (what the re-evaluation trigger listens to). */
function logsWriteManagementEvents(
  trail: Pick<TrailFacts, "eventSelectors" | "advancedEventSelectors">,
): boolean {
  const basic = trail.eventSelectors.some(
    (s) => s.IncludeManagementEvents !== false && (s.ReadWriteType ?? "All") !== "ReadOnly",
  );
  const advanced = trail.advancedEventSelectors.some((s) => {
    const fields = s.FieldSelectors ?? [];
    const category = fields.find((f) => f.Field === "eventCategory");
    const readOnly = fields.find((f) => f.Field === "readOnly");
    return (
      category?.Equals?.includes("Management") === true && !(readOnly?.Equals?.includes("true") ?? false)
    );
  });
  return basic || advanced;
}

function cloudTrailCheck(trails: readonly TrailFacts[]): Check {
  const logging = trails.filter((t) => t.logging && logsWriteManagementEvents(t));
  const multi = logging.find((t) => t.multiRegion);
  if (multi)
    return {
      id: "cloudtrail-management-events",
      status: "pass",
      message: `trail ${multi.name} logs management events in every region`,
    };
  const single = logging[0];
  if (single)
    return {
      id: "cloudtrail-management-events",
      status: "warn",
      message: `trail ${single.name} logs management events in this region only; make it multi-region (aws cloudtrail update-trail --name ${single.name} --is-multi-region-trail) so that IAM calls (us-east-1) re-evaluate too`,
    };
  return {
    id: "cloudtrail-management-events",
    status: "warn",
    message:
      "no logging trail records write management events: re-evaluation after API calls will not fire (rules still run on configuration changes and on schedule); create a multi-region trail (aws cloudtrail create-trail --is-multi-region-trail, then start-logging)",
  };
}

function iamRegionCheck(region: string): Check {
  const iamRules = RULES.filter(isIamRule).map((r) => r.name);
  return region === GLOBAL_REGION
    ? {
        id: "iam-rules-region",
        status: "pass",
        message: `${region} is the global region: the IAM rules deploy here`,
      }
    : {
        id: "iam-rules-region",
        status: "warn",
        message: `the IAM rules (${iamRules.join(", ")}) deploy only in ${GLOBAL_REGION} (globalRegion; IAM API calls reach EventBridge only there): deploy there too (npx sst deploy --region ${GLOBAL_REGION}) and record AWS::IAM::User there`,
      };
}

export type { Check, CheckStatus, TrailFacts };
export {
  cloudTrailCheck,
  deliveryChannelCheck,
  GLOBAL_REGION,
  iamRegionCheck,
  logsWriteManagementEvents,
  recorderChecks,
  records,
  requiredResourceTypes,
};
