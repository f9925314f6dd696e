import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { beforeAll, describe, expect, it } from "vitest";
import { decodePolicyDocument } from "../../packages/core/src/aws/iam.js";
import { LiveSource } from "../../packages/core/src/aws/source.js";
import { executeAll } from "../../packages/core/src/remediate/executor.js";
import { planRule } from "../../packages/core/src/remediate/plan.js";
import { analyzeExpiry } from "../../packages/core/src/rules/iam-expiry.js";
import { findRule } from "../../packages/core/src/rules/index.js";
import { parseParameters } from "../../packages/core/src/rules/params.js";
import type { AnyRule } from "../../packages/core/src/rules/types.js";
import { useMotoEnvironment } from "../support/moto.js";
import { isolateMotoAccount } from "../support/moto-account.js";

/**
 * The expiry boundary against moto's IAM (GetUser, ListAccessKeys, GetPolicy, GetPolicyVersion,
 * CreatePolicy). moto has no PutUserPermissionsBoundary (moto/iam/responses.py defines no
 * put_user_permissions_boundary): that one call is answered by a middleware, which records its
 * input, as IAM's empty response would.
 */

const ACCOUNT = "730000000004";
const AGENT = "arn:aws:iam::aws:policy/AWSApplicationMigrationAgentPolicy";

function rule(name: string): AnyRule {
  const found = findRule(name);
  if (!found) throw new Error(name);
  return found;
}

function clients() {
  useMotoEnvironment(ACCOUNT);
  const sent: string[] = [];
  const boundaries: Record<string, unknown>[] = [];
  const c = isolateMotoAccount(
    {
      region: "us-east-1",
      maxAttempts: 2,
      configure: (client) => {
        (client as unknown as IAMClient).middlewareStack.add(
          (next, context) => async (args) => {
            sent.push(context.commandName ?? "?");
            if (context.commandName === "PutUserPermissionsBoundaryCommand") {
              boundaries.push(args.input as Record<string, unknown>);
              return { output: { $metadata: { httpStatusCode: 200 } }, response: {} } as never;
            }
            return next(args);
          },
          { step: "initialize", name: "answerPutUserPermissionsBoundary" },
        );
      },
    },
    ACCOUNT,
  );
  return { clients: c, sent, boundaries };
}

async function remediate(now: Date) {
  const r = rule("mgn-agent-key-expiry");
  const run = clients();
  const actions = await planRule(r, parseParameters(r.name, r.parameters, {}), new LiveSource(run.clients), {
    now,
    values: { graceDays: 7, privateRouting: false },
    scope: { accountId: ACCOUNT },
  });
  const results = await executeAll(actions, run.clients, { apply: true });
  return { ...run, results };
}

let iam: IAMClient;
beforeAll(async () => {
  iam = (await clients().clients.use("iam")).client;
  for (const user of ["mgn-agent-a", "mgn-agent-b"]) {
    await iam.send(new CreateUserCommand({ UserName: user }));
    await iam.send(new AttachUserPolicyCommand({ UserName: user, PolicyArn: AGENT }));
    await iam.send(new CreateAccessKeyCommand({ UserName: user }));
  }
});

describe("expiry boundary (moto IAM)", () => {
  it("creates the dated policy once, reuses it for the next user, and sets it as each user's boundary", async () => {
    const now = new Date();
    const { results, sent, boundaries } = await remediate(now);
    expect(results.map((r) => [r.resourceName, r.status])).toEqual([
      ["mgn-agent-a", "applied"],
      ["mgn-agent-b", "applied"],
    ]);
    // Created for the first user, found and checked for the second.
    expect(sent.filter((c) => c === "CreatePolicyCommand")).toHaveLength(1);
    const expiry = new Date(Math.floor(now.getTime() / 86_400_000 + 30) * 86_400_000);
    const name = `migration-guard-expiry-${expiry.toISOString().slice(0, 10)}`;
    const arn = `arn:aws:iam::${ACCOUNT}:policy/migration-guard/${name}`;
    expect(boundaries).toEqual([
      { UserName: "mgn-agent-a", PermissionsBoundary: arn },
      { UserName: "mgn-agent-b", PermissionsBoundary: arn },
    ]);
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    expect(Policy).toMatchObject({ PolicyName: name, Path: "/migration-guard/" });
    const { PolicyVersion } = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: Policy?.DefaultVersionId ?? "v1" }),
    );
    expect(analyzeExpiry(decodePolicyDocument(PolicyVersion?.Document, "Document"))).toMatchObject({
      kind: "expires",
      expiry,
    });
  });
});
