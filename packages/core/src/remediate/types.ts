import type { Facts } from "../model/index.js";
import type { AnyRule, Finding } from "../rules/types.js";

/**
 * Remediation: a rule's finding yields a plan of actions (pure: remediate/actions/), and one
 * executor (remediate/executor.ts) carries them out after re-reading the live state, shared by
 * `migration-guard remediate` and the deployed remediation function.
 */

/** The values a user gives for remediations that need them (CLI flags, stage settings). */
interface RemediationValues {
  /** `--expires DATE` / stage `expires`: the permissions boundary's expiry date. */
  expires?: Date | undefined;
  /** `--grace-days N` (default 7): a boundary never expires earlier than now plus this many days. */
  graceDays: number;
  /** `--ebs-kms-key ARN` / stage `ebsKmsKeyArn`: the KMS key for MGN's EBS encryption. */
  ebsKmsKeyArn?: string | undefined;
  /** `--private-routing` / stage `privateRouting: true`: private data routing, no public IP. */
  privateRouting: boolean;
}

const DEFAULT_GRACE_DAYS = 7;

/** MGN replication settings to change (only the ones the user asked for), named as in the MGN API. */
interface MgnChanges {
  ebsEncryption?: "CUSTOM";
  ebsEncryptionKeyArn?: string;
  dataPlaneRouting?: "PRIVATE_IP";
  createPublicIP?: false;
}

/** The same settings as the finding saw them (a later change by someone else is not overwritten). */
type MgnObserved = Partial<Record<keyof MgnChanges, string | boolean | undefined>>;

/** What an action does, in terms the executor carries out. */
type Step =
  | {
      kind: "deactivateAccessKey";
      userName: string;
      /** The credential report's slot and the key's creation time (the report has no key id). */
      slot: number | undefined;
      createdAt: Date | undefined;
    }
  | {
      kind: "attachExpiryBoundary";
      userName: string;
      /** The user's ARN (partition and account of the boundary policy). */
      userArn: string;
      expiry: Date;
      policyName: string;
      policyPath: string;
    }
  | { kind: "updateReplicationTemplate"; templateId: string; changes: MgnChanges; observed: MgnObserved }
  | {
      kind: "updateReplicationConfiguration";
      sourceServerId: string;
      changes: MgnChanges;
      observed: MgnObserved;
    }
  /** Nothing can be changed in place: the steps a person takes. No call is made. */
  | { kind: "manual"; steps: string[] };

interface PlannedAction {
  rule: string;
  resourceType: string;
  resourceId: string;
  resourceName: string | undefined;
  /** What the action does, in one line. */
  action: string;
  /** The API calls it makes (`iam:UpdateAccessKey UserName=… Status=Inactive`); none for manual steps. */
  calls: string[];
  step: Step;
}

type ActionStatus = "planned" | "applied" | "skipped" | "failed";

/** An action after the executor looked at the live state (and, with apply, acted). */
interface ActionResult extends Omit<PlannedAction, "step"> {
  status: ActionStatus;
  reason?: string;
}

/** What a planner gets: the rule, one resource it found NON_COMPLIANT, and what the rule saw. */
interface PlanInput {
  rule: AnyRule;
  resource: unknown;
  resourceType: string;
  resourceId: string;
  resourceName: string | undefined;
  finding: Finding;
  facts: Partial<Facts>;
  params: Record<string, unknown>;
  now: Date;
  values: RemediationValues;
}

type Planner = (input: PlanInput) => PlannedAction[];

/** An action with the identity of its finding filled in. */
function actionOf(input: PlanInput, action: string, calls: string[], step: Step): PlannedAction {
  return {
    rule: input.rule.name,
    resourceType: input.resourceType,
    resourceId: input.resourceId,
    resourceName: input.resourceName,
    action,
    calls,
    step,
  };
}

export type {
  ActionResult,
  ActionStatus,
  MgnChanges,
  MgnObserved,
  PlanInput,
  PlannedAction,
  Planner,
  RemediationValues,
  Step,
};
export { actionOf, DEFAULT_GRACE_DAYS };
