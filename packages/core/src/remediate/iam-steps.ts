import type { GetUserCommandOutput } from "@aws-sdk/client-iam";
import type { AwsClients } from "../aws/clients.js";
import { errorName } from "../aws/errors.js";
import { decodePolicyDocument } from "../aws/iam.js";
import { analyzeExpiry } from "../rules/iam-expiry.js";
import { day } from "../rules/mgn-agent.js";
import { keyLabel } from "./actions/access-keys.js";
import { boundaryDocument } from "./actions/boundary.js";
import type { Step } from "./types.js";

/**
 * The IAM steps, each re-reading the live state first and acting only where the finding still
 * holds (AWS Config may start a remediation for a resource that has become compliant since; the
 * credential report the rule read may be up to 4 hours old). With `apply` false nothing is written.
 */

interface Outcome {
  status: "planned" | "applied" | "skipped";
  reason?: string;
  /** The calls as made (or to be made), with what the live reads told (e.g. the key id). */
  calls?: string[];
}

/**
 * The same key's creation time, from the credential report (`access_key_N_last_rotated`, to the
 * second) and from ListAccessKeys (`CreateDate`): equal once both are cut to the second.
 */
const sameSecond = (a: Date, b: Date) => Math.floor(a.getTime() / 1000) === Math.floor(b.getTime() / 1000);

async function listKeys(clients: AwsClients, userName: string) {
  const { client, sdk } = await clients.use("iam");
  const keys: { id: string; status: string; createdAt: Date | undefined }[] = [];
  for await (const page of sdk.paginateListAccessKeys({ client, pageSize: 100 }, { UserName: userName })) {
    for (const k of page.AccessKeyMetadata ?? [])
      if (k.AccessKeyId) keys.push({ id: k.AccessKeyId, status: k.Status ?? "", createdAt: k.CreateDate });
  }
  return keys;
}

async function deactivateAccessKey(
  step: Extract<Step, { kind: "deactivateAccessKey" }>,
  clients: AwsClients,
  apply: boolean,
): Promise<Outcome> {
  const label = keyLabel({ slot: step.slot as 1 | 2 | undefined, createdAt: step.createdAt } as never);
  const { createdAt } = step;
  if (!createdAt)
    return { status: "skipped", reason: `${label} has no creation date to match it to a key id` };
  let keys: Awaited<ReturnType<typeof listKeys>>;
  try {
    keys = await listKeys(clients, step.userName);
  } catch (error) {
    if (errorName(error) === "NoSuchEntityException")
      return { status: "skipped", reason: `user ${step.userName} no longer exists` };
    throw error;
  }
  const matches = keys.filter((k) => k.createdAt && sameSecond(k.createdAt, createdAt));
  const [key] = matches;
  if (!key) return { status: "skipped", reason: `${label} no longer exists (deleted or rotated)` };
  if (matches.length > 1)
    return {
      status: "skipped",
      reason: `${matches.length} keys were created at the time of ${label}; not guessing`,
    };
  const call = `iam:UpdateAccessKey UserName=${step.userName} AccessKeyId=${key.id} Status=Inactive`;
  if (key.status !== "Active")
    return {
      status: "skipped",
      reason: `${key.id} is already ${key.status.toLowerCase() || "not active"}`,
      calls: [],
    };
  if (!apply) return { status: "planned", calls: [call] };
  const { client, sdk } = await clients.use("iam");
  await client.send(
    new sdk.UpdateAccessKeyCommand({ UserName: step.userName, AccessKeyId: key.id, Status: "Inactive" }),
  );
  return { status: "applied", calls: [call] };
}

/** `arn:<partition>:iam::<account>:policy<path><name>` for the user's partition and account. */
function policyArn(userArn: string, path: string, name: string): string {
  const [, partition = "aws", , , account = ""] = userArn.split(":");
  return `arn:${partition}:iam::${account}:policy${path}${name}`;
}

/** The existing policy's default document expires on `expiry`: reusable; otherwise why not. */
async function reusable(clients: AwsClients, arn: string, expiry: Date): Promise<string | undefined> {
  const { client, sdk } = await clients.use("iam");
  const { Policy } = await client.send(new sdk.GetPolicyCommand({ PolicyArn: arn }));
  const version = await client.send(
    new sdk.GetPolicyVersionCommand({ PolicyArn: arn, VersionId: Policy?.DefaultVersionId ?? "v1" }),
  );
  const document = decodePolicyDocument(
    version.PolicyVersion?.Document ?? "",
    "iam.GetPolicyVersion.Document",
  );
  const analysis = analyzeExpiry(document);
  if (analysis.kind === "expires" && analysis.expiry.getTime() === expiry.getTime()) return undefined;
  return `policy ${arn} exists but does not deny everything after ${day(expiry)}; not reused`;
}

async function attachExpiryBoundary(
  step: Extract<Step, { kind: "attachExpiryBoundary" }>,
  clients: AwsClients,
  apply: boolean,
): Promise<Outcome> {
  const { client, sdk } = await clients.use("iam");
  let user: GetUserCommandOutput["User"];
  try {
    ({ User: user } = await client.send(new sdk.GetUserCommand({ UserName: step.userName })));
  } catch (error) {
    if (errorName(error) === "NoSuchEntityException")
      return { status: "skipped", reason: `user ${step.userName} no longer exists` };
    throw error;
  }
  const existing = user?.PermissionsBoundary?.PermissionsBoundaryArn;
  if (existing)
    return {
      status: "skipped",
      reason: `${step.userName} already has permissions boundary ${existing}; not replaced`,
      calls: [],
    };
  if (!(await listKeys(clients, step.userName)).some((k) => k.status === "Active"))
    return { status: "skipped", reason: `${step.userName} has no active access key any more`, calls: [] };
  const arn = policyArn(step.userArn, step.policyPath, step.policyName);
  let exists = true;
  try {
    const why = await reusable(clients, arn, step.expiry);
    if (why) return { status: "skipped", reason: why, calls: [] };
  } catch (error) {
    if (errorName(error) !== "NoSuchEntityException") throw error;
    exists = false;
  }
  const calls = [
    ...(exists ? [] : [`iam:CreatePolicy PolicyName=${step.policyName} Path=${step.policyPath}`]),
    `iam:PutUserPermissionsBoundary UserName=${step.userName} PermissionsBoundary=${arn}`,
  ];
  if (!apply) return { status: "planned", calls };
  if (!exists) {
    try {
      await client.send(
        new sdk.CreatePolicyCommand({
          PolicyName: step.policyName,
          Path: step.policyPath,
          PolicyDocument: JSON.stringify(boundaryDocument(step.expiry)),
          Description: `migration-guard: permissions boundary that denies everything after ${day(step.expiry)}`,
        }),
      );
    } catch (error) {
      // Created meanwhile (another remediation of the same date): reuse it after the same check.
      if (errorName(error) !== "EntityAlreadyExistsException") throw error;
      const why = await reusable(clients, arn, step.expiry);
      if (why) return { status: "skipped", reason: why, calls: [] };
    }
  }
  await client.send(
    new sdk.PutUserPermissionsBoundaryCommand({ UserName: step.userName, PermissionsBoundary: arn }),
  );
  return { status: "applied", calls };
}

export type { Outcome };
export { attachExpiryBoundary, deactivateAccessKey, policyArn };
