import type { Facts, IamUser } from "../../model/index.js";
import { DAY_MS, day } from "../../rules/mgn-agent.js";
import { actionOf, type PlanInput, type PlannedAction } from "../types.js";

/**
 * Agent users without an expiry boundary (mgn-agent-key-expiry): attach a permissions boundary
 * that allows everything and denies everything after a date (aws:CurrentTime), a customer managed
 * policy named after its date (`migration-guard-expiry-YYYY-MM-DD` under /migration-guard/),
 * created once and reused. Source: docs/seeds/mgn-infrastructure-security.txt ("you can do so
 * though the IAM permissions boundary and the aws:CurrentTime global context key").
 *
 * The date: the given one (`--expires`, stage `expires`), else the earliest active key's creation
 * plus maxKeyLifetimeDays (rounded down to the day, so the rule finds it within the lifetime); but
 * never earlier than now plus the grace period (rounded up to the next day), so a boundary never
 * locks a user out the moment it is attached. An existing boundary is never replaced: the executor
 * reads the user's boundary live and reports the action as skipped, with the boundary's ARN.
 */

const POLICY_PATH = "/migration-guard/";

const floorDay = (t: number) => new Date(Math.floor(t / DAY_MS) * DAY_MS);
const ceilDay = (t: number) => new Date(Math.ceil(t / DAY_MS) * DAY_MS);

function policyName(expiry: Date): string {
  return `migration-guard-expiry-${day(expiry)}`;
}

/** The boundary document: allow everything, deny everything after `expiry`. */
function boundaryDocument(expiry: Date): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "AllowWithinBoundary", Effect: "Allow", Action: "*", Resource: "*" },
      {
        Sid: "DenyAfterExpiry",
        Effect: "Deny",
        Action: "*",
        Resource: "*",
        Condition: { DateGreaterThan: { "aws:CurrentTime": expiry.toISOString().replace(/\.000Z$/, "Z") } },
      },
    ],
  };
}

/** The expiry date and, when the grace period moved it, why. */
function expiryFor(
  input: PlanInput,
  createdAt: readonly (Date | undefined)[],
): { expiry: Date; note?: string } {
  const earliest = Math.min(...createdAt.map((d) => (d ?? input.now).getTime()), input.now.getTime());
  const maxDays = Number(input.params.maxKeyLifetimeDays ?? 30);
  const wanted = input.values.expires
    ? floorDay(input.values.expires.getTime())
    : floorDay(earliest + maxDays * DAY_MS);
  const minimum = ceilDay(input.now.getTime() + input.values.graceDays * DAY_MS);
  if (wanted >= minimum) return { expiry: wanted };
  return {
    expiry: minimum,
    note: `${day(wanted)} is within the ${input.values.graceDays}-day grace period; expires ${day(minimum)} instead`,
  };
}

function planExpiryBoundary(input: PlanInput): PlannedAction[] {
  const user = input.resource as IamUser;
  const keys = (input.facts.iamAccessKeys as Facts["iamAccessKeys"] | undefined)?.byUser.get(user.userName);
  const active = keys ? keys.filter((k) => k.active) : [undefined];
  const { expiry, note } = expiryFor(
    input,
    active.map((k) => k?.createdAt),
  );
  const name = policyName(expiry);
  return [
    actionOf(
      input,
      `set permissions boundary ${name} (denies everything after ${day(expiry)}) on ${user.userName}${note ? ` (${note})` : ""}`,
      [
        `iam:GetUser UserName=${user.userName}`,
        `iam:CreatePolicy PolicyName=${name} Path=${POLICY_PATH} (unless it exists)`,
        `iam:PutUserPermissionsBoundary UserName=${user.userName}`,
      ],
      {
        kind: "attachExpiryBoundary",
        userName: user.userName,
        userArn: user.arn,
        expiry,
        policyName: name,
        policyPath: POLICY_PATH,
      },
    ),
  ];
}

export { boundaryDocument, expiryFor, POLICY_PATH, planExpiryBoundary, policyName };
