import type { AwsClients } from "../aws/clients.js";
import { classifyAwsError } from "../aws/errors.js";
import { LiveSource } from "../aws/source.js";
import type { Log } from "../config/handler.js";
import { InvalidEventError } from "../errors.js";
import { findRule } from "../rules/index.js";
import { parseParameters } from "../rules/params.js";
import { display } from "../util/display.js";
import { excerpt } from "../util/excerpt.js";
import { isRecord } from "../util/read.js";
import { executeAll } from "./executor.js";
import { planRule } from "./plan.js";
import type { RemediationSettings } from "./settings.js";
import type { ActionResult } from "./types.js";

/**
 * The deployed remediation function: AWS Config runs the stack's SSM Automation document for a
 * NON_COMPLIANT resource, whose one step invokes this function with `{ ruleName, resourceId }`.
 * The same code as `migration-guard remediate --apply`, for that one resource: the rule is
 * evaluated on the live account, the plan made, and the executor re-reads the live state before
 * each action. A request for a resource that is compliant again (or gone) changes nothing. Each
 * applied action is published to the alert topic. When an action failed the function throws, so
 * the invocation reports an error (the automation step's FunctionError output).
 */

interface RemediationEvent {
  ruleName: string;
  resourceId: string;
}

interface RemediationDeps {
  clients: AwsClients;
  settings: RemediationSettings;
  /** Rule name → the stage's rule parameters (as the Config rule gets them). */
  parameters: Readonly<Record<string, Readonly<Record<string, string>>>>;
  topicArn: string;
  now?: () => Date;
  log?: Log;
}

interface RemediationResult {
  ruleName: string;
  resourceId: string;
  actions: ActionResult[];
}

/** A resource id as AWS Config passes RESOURCE_ID: an IAM user id, an account id, an ARN. */
const RESOURCE_ID = /^[A-Za-z0-9:/_+=,.@-]{1,1024}$/;

function parseEvent(event: unknown, settings: RemediationSettings): RemediationEvent {
  if (!isRecord(event)) throw new InvalidEventError("remediation request: expected { ruleName, resourceId }");
  const { ruleName, resourceId } = event;
  if (typeof ruleName !== "string" || !settings[ruleName])
    throw new InvalidEventError(
      `remediation request: rule ${JSON.stringify(excerpt(String(ruleName)))} has no remediation enabled in this stage`,
    );
  if (typeof resourceId !== "string" || !RESOURCE_ID.test(resourceId))
    throw new InvalidEventError("remediation request: resourceId is missing or malformed");
  return { ruleName, resourceId };
}

/** SNS subjects: at most 100 printable ASCII characters. */
function subjectOf(result: ActionResult): string {
  return `migration-guard remediated ${result.rule}`.replace(/[^\x20-\x7e]/g, "").slice(0, 100);
}

function messageOf(result: ActionResult, accountId: string): string {
  return [
    `migration-guard applied a remediation in account ${accountId}.`,
    "",
    `Rule: ${result.rule}`,
    `Resource: ${display(result.resourceName ?? result.resourceId)} (${result.resourceType} ${result.resourceId})`,
    `Action: ${display(result.action)}`,
    ...result.calls.map((c) => `Call: ${display(c)}`),
    ...(result.reason ? [`Note: ${display(result.reason)}`] : []),
  ].join("\n");
}

async function handleRemediation(event: unknown, deps: RemediationDeps): Promise<RemediationResult> {
  const request = parseEvent(event, deps.settings);
  const rule = findRule(request.ruleName);
  const setting = deps.settings[request.ruleName];
  if (!rule || !setting) throw new InvalidEventError(`remediation request: unknown rule ${request.ruleName}`);
  const params = parseParameters(rule.name, rule.parameters, deps.parameters[rule.name] ?? {});
  const accountId = await deps.clients.accountId().catch((error: unknown) => {
    throw classifyAwsError(error, "sts:GetCallerIdentity");
  });
  const planned = await planRule(rule, params, new LiveSource(deps.clients), {
    now: deps.now?.() ?? new Date(),
    values: setting.values,
    scope: { accountId },
    resourceId: request.resourceId,
  });
  const actions = await executeAll(planned, deps.clients, {
    apply: true,
    onApplied: async (result) => {
      const { client, sdk } = await deps.clients.use("sns");
      try {
        await client.send(
          new sdk.PublishCommand({
            TopicArn: deps.topicArn,
            Subject: subjectOf(result),
            Message: messageOf(result, accountId),
          }),
        );
      } catch (error) {
        throw classifyAwsError(error, "sns:Publish");
      }
    },
  });
  const context = { rule: rule.name, resourceId: excerpt(request.resourceId, 200) };
  if (planned.length === 0) deps.log?.info("Nothing to remediate: the finding no longer holds", context);
  for (const a of actions)
    deps.log?.info("Remediation action", {
      ...context,
      action: a.action,
      status: a.status,
      reason: a.reason,
    });
  const failed = actions.filter((a) => a.status === "failed");
  if (failed.length > 0)
    throw new Error(
      `${failed.length} remediation action(s) failed: ${failed.map((a) => a.reason).join("; ")}`,
    );
  return { ...request, actions };
}

export type { RemediationDeps, RemediationEvent, RemediationResult };
export { handleRemediation };
