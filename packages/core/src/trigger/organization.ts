import type { ConfigServiceClient } from "@aws-sdk/client-config-service";
import { loadSdk } from "../aws/sdk.js";
import type { Log } from "../config/handler.js";
import { type DeployedRule, deployedRuleFor } from "../deploy/deployed-rules.js";
import { describeError, MalformedInputError } from "../errors.js";
import { rulesChangedBy } from "./changes.js";
import { addWanted, readableMessages, startEvaluations, type TriggerResult } from "./handler.js";

/**
 * Event-driven re-evaluation in organization mode. Each member forwards its CloudTrail API-call
 * events to the administrator's default event bus (stacks/member-template.ts); EventBridge keeps
 * the event's `account`, the account where the call happened. A change re-evaluates that
 * account's own instance of each organization rule it affects: AWS Config names them
 * `OrgConfigRule-<organization rule name>-<suffix>` in the member (botocore model auditmanager
 * 2017-07-25, `SourceKeyword.keywordValue`: "Service-linked rule name:
 * OrgConfigRule-s3-bucket-versioning-enabled-dbgzf8ba"), so the names are read in the member with
 * DescribeConfigRules (every page) and StartConfigRulesEvaluation is called there, both through the
 * member role (aws/member-access.ts: cached credentials, verified to belong to that account).
 *
 * Per batch: messages are grouped by account, one DescribeConfigRules listing per account, then
 * at most 25 names per StartConfigRulesEvaluation, with account mode's retry semantics (a refused
 * or failed call, or a member that cannot be reached, leaves its messages for SQS to deliver again,
 * and finally to the dead-letter queue).
 *
 * Not acted on (logged, the message is done): calls in the administrator account itself (its
 * instances are evaluated by their change triggers and periodic runs; the administrator's
 * EventBridge rule already leaves them out) and calls in an excluded account (no rule instance
 * there). A member's rule that has no instance yet needs none: AWS Config evaluates a rule when
 * it is created (StartConfigRulesEvaluation API reference).
 */

const ACCOUNT_ID = /^\d{12}$/;

/** ConfigRuleState values of a rule that is going away (ConfigRuleState enum of the Config model). */
const DELETING = new Set(["DELETING", "DELETING_RESULTS"]);

interface OrganizationTriggerDeps {
  /** A Config client in the member account, signed with the member role's credentials. */
  memberConfig(accountId: string): Promise<ConfigServiceClient>;
  /** The organization rules deployed in this region and their (organization) rule names. */
  rules: readonly DeployedRule[];
  /** The account the trigger runs in. */
  administratorAccountId: string;
  /** The stage's excluded accounts (the organization rules leave them out). */
  excludedAccounts: readonly string[];
  log?: Log;
}

type Origin = { account: string } | { skip: string } | { error: string };

/** The account a parsed message is about, validated. */
function originOf(account: unknown, recipientAccountId: unknown, deps: OrganizationTriggerDeps): Origin {
  if (typeof account !== "string" || !ACCOUNT_ID.test(account)) {
    return { error: "the event's account is not an AWS account id (12 digits)" };
  }
  if (recipientAccountId !== undefined && recipientAccountId !== null && recipientAccountId !== account) {
    return { error: "detail.recipientAccountId differs from the event's account" };
  }
  if (account === deps.administratorAccountId) return { skip: "the administrator account" };
  if (deps.excludedAccounts.includes(account)) return { skip: "an excluded account" };
  return { account };
}

/**
 * The actions a trigger's member session may use (an AssumeRole session policy: the member role
 * also grants the rule functions' reads, which the trigger never needs).
 */
const TRIGGER_SESSION_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: ["config:DescribeConfigRules", "config:StartConfigRulesEvaluation"],
      Resource: "*",
    },
  ],
});

/** ADMINISTRATOR_ACCOUNT_ID and EXCLUDED_ACCOUNTS (comma-separated) of the trigger function. */
function organizationTriggerSettings(
  env: Record<string, string | undefined>,
): Pick<OrganizationTriggerDeps, "administratorAccountId" | "excludedAccounts"> {
  const administratorAccountId = env.ADMINISTRATOR_ACCOUNT_ID?.trim() ?? "";
  if (!ACCOUNT_ID.test(administratorAccountId)) {
    throw new MalformedInputError("ADMINISTRATOR_ACCOUNT_ID: expected the 12-digit account id");
  }
  const excludedAccounts = (env.EXCLUDED_ACCOUNTS ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);
  const bad = excludedAccounts.find((a) => !ACCOUNT_ID.test(a));
  if (bad !== undefined) {
    throw new MalformedInputError(
      `EXCLUDED_ACCOUNTS: ${JSON.stringify(bad.slice(0, 20))} is not an account id`,
    );
  }
  return { administratorAccountId, excludedAccounts };
}

/**
 * The member's instances of the deployed organization rules: member rule name → registry rule
 * name. Rules being deleted are left out.
 */
async function memberRuleNames(
  config: ConfigServiceClient,
  rules: readonly DeployedRule[],
): Promise<Map<string, string>> {
  const { paginateDescribeConfigRules } = await loadSdk("config");
  const names = new Map<string, string>();
  for await (const page of paginateDescribeConfigRules({ client: config }, {})) {
    for (const rule of page.ConfigRules ?? []) {
      const name = rule.ConfigRuleName;
      if (!name || DELETING.has(rule.ConfigRuleState ?? "")) continue;
      const deployed = deployedRuleFor(name, rules);
      // Only a member instance (`OrgConfigRule-...`), never a rule of the member's own that
      // happens to carry the organization rule's name.
      if (deployed && name !== deployed.configRuleName) names.set(name, deployed.rule.name);
    }
  }
  return names;
}

async function handleOrganizationTriggerBatch(
  event: unknown,
  deps: OrganizationTriggerDeps,
): Promise<TriggerResult> {
  const failed = new Set<string>();
  /** account → registry rule name → the message ids that asked for it. */
  const byAccount = new Map<string, Map<string, string[]>>();
  const registryRules = deps.rules.map((r) => r.rule);

  for (const { messageId, parsed } of readableMessages(event, failed, deps.log)) {
    const origin = originOf(parsed.account, parsed.recipientAccountId, deps);
    if ("error" in origin) {
      deps.log?.error("Refusing re-evaluation message", { messageId, reason: origin.error });
      failed.add(messageId);
      continue;
    }
    if ("skip" in origin) {
      deps.log?.info("Re-evaluation message not acted on", { messageId, reason: origin.skip });
      continue;
    }
    if (!parsed.call) continue;
    const changed = rulesChangedBy(parsed.call, registryRules);
    if (changed.length === 0) continue;
    const wanted = byAccount.get(origin.account) ?? new Map<string, string[]>();
    for (const rule of changed) addWanted(wanted, rule.name, messageId);
    byAccount.set(origin.account, wanted);
  }

  for (const [accountId, wantedRules] of [...byAccount.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const messages = [...new Set([...wantedRules.values()].flat())];
    let config: ConfigServiceClient;
    let instances: Map<string, string>;
    try {
      config = await deps.memberConfig(accountId);
      instances = await memberRuleNames(config, deps.rules);
    } catch (error) {
      for (const id of messages) failed.add(id);
      deps.log?.error(`Cannot read the rules of account ${accountId}: ${describeError(error)}`, {
        accountId,
        messages: messages.length,
      });
      continue;
    }
    /** member rule name → the message ids that asked for it. */
    const wanted = new Map<string, string[]>();
    for (const [memberName, ruleName] of instances) {
      for (const id of wantedRules.get(ruleName) ?? []) addWanted(wanted, memberName, id);
    }
    const missing = [...wantedRules.keys()].filter((name) => ![...instances.values()].includes(name));
    if (missing.length > 0) {
      deps.log?.info("No instance of these organization rules in the account yet", {
        accountId,
        rules: missing,
      });
    }
    await startEvaluations(config, wanted, failed, deps.log, { accountId });
  }
  return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
}

export type { OrganizationTriggerDeps };
export {
  handleOrganizationTriggerBatch,
  memberRuleNames,
  organizationTriggerSettings,
  TRIGGER_SESSION_POLICY,
};
