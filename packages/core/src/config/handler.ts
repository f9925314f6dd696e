import type { Metrics as PowertoolsMetrics } from "@aws-lambda-powertools/metrics";
import type { AwsClients } from "../aws/clients.js";
import type { MemberAccess } from "../aws/member-access.js";
import { assertResultsInAccount, checkAccountId } from "../aws/member-checks.js";
import { LiveSource } from "../aws/source.js";
import { describeError, InvalidEventError, isMigrationGuardError } from "../errors.js";
import { parseParameters } from "../rules/params.js";
import type { AnyRule, Compliance } from "../rules/types.js";
import {
  assertTestModeAllowed,
  getLatestConfigurationItem,
  listReportedResources,
  putEvaluations,
} from "./config-api.js";
import { evaluateConfigEvent } from "./evaluator.js";
import { type ConfigRuleEvent, parseConfigEvent } from "./events.js";
import { type DeltaReporting, deltaReportingFromEnvironment } from "./periodic.js";

/**
 * What core logs with: the structural subset of the Powertools Logger (`info`/`error` with a
 * message and extra keys), so Lambda handlers pass their Logger itself and tests a plain object.
 */
interface Log {
  info(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

/**
 * The Powertools Metrics methods the handler records with (EMF; the Lambda handler flushes them
 * at the end of the invocation). Per invocation, with the dimension `rule`: COMPLIANT,
 * NON_COMPLIANT and NOT_APPLICABLE (Count, reported evaluations), ApiCalls (Count) and Duration
 * (Milliseconds); the last two also when the invocation fails.
 */
type Metrics = Pick<PowertoolsMetrics, "addDimension" | "addMetric">;

interface HandlerDeps {
  /** Clients for the account the event is about (created once per container). */
  clients: AwsClients;
  /**
   * Organization mode: evaluate and report in the event's member account (`accountId`) through
   * the member role; `clients` then only assumes that role. Absent: per-account mode.
   */
  members?: MemberAccess;
  now?: () => Date;
  log?: Log;
  metrics?: Metrics;
  /** AWS API calls made so far in this invocation (the ApiCalls metric; see aws/api-calls.ts). */
  apiCalls?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Delta reporting on periodic runs (config/periodic.ts). Absent: from the function's environment
   * (DELTA_REPORTING_MAX_AGE_DAYS, set by the stacks when the stage enables it), else off.
   */
  deltaReporting?: DeltaReporting;
}

interface HandlerResult {
  rule: string;
  /** The member account evaluated (organization mode). */
  accountId?: string;
  messageType: string;
  evaluations: number;
  putEvaluationsCalls: number;
  byCompliance: Record<Compliance, number>;
}

/**
 * The whole AWS Config custom-rule protocol for one invocation: parse and validate the event and
 * parameters, evaluate, report with PutEvaluations. Failures (bad event, bad parameter, denied
 * or failing AWS calls) are logged as one clear line and rethrown, so the invocation fails and
 * AWS Config shows the rule as errored; nothing is reported for resources that were not evaluated.
 */
async function handleConfigRuleEvent(rule: AnyRule, raw: unknown, deps: HandlerDeps): Promise<HandlerResult> {
  const { log, metrics } = deps;
  const started = performance.now();
  metrics?.addDimension("rule", rule.name);
  try {
    const event = parseConfigEvent(raw);
    // Before any read: a refused test run must not evaluate (nor return counts of) anything.
    assertTestModeAllowed(event.resultToken);
    const params = parseParameters(rule.name, rule.parameters, event.ruleParameters);
    const now = deps.now?.() ?? new Date();
    const deltaReporting = deps.deltaReporting ?? deltaReportingFromEnvironment(process.env);
    const { clients, accountId } = await clientsForEvent(event, deps);
    const { client: config } = await clients.use("config");
    const evaluations = await evaluateConfigEvent(rule, event, params, {
      source: new LiveSource(clients),
      now,
      deltaReporting,
      config: {
        getLatestConfigurationItem: (type, id) => getLatestConfigurationItem(config, type, id),
        listReportedResources: (name) => listReportedResources(config, name),
      },
    });
    // The result token belongs to the event's account: never report it with another account's credentials.
    if (deps.members && accountId) {
      const invoking = event.invokingEvent;
      assertResultsInAccount(
        accountId,
        evaluations,
        invoking.messageType === "ConfigurationItemChangeNotification"
          ? invoking.configurationItem.accountId
          : undefined,
      );
      await deps.members.assertAccount(clients, accountId);
    }
    const putEvaluationsCalls = await putEvaluations(
      config,
      evaluations,
      event.resultToken,
      deps.sleep ? { sleep: deps.sleep } : {},
    );
    const byCompliance: Record<Compliance, number> = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0 };
    for (const e of evaluations) byCompliance[e.compliance]++;
    for (const [compliance, count] of Object.entries(byCompliance))
      metrics?.addMetric(compliance, "Count", count);
    const result: HandlerResult = {
      rule: rule.name,
      ...(deps.members && accountId ? { accountId } : {}),
      messageType: event.invokingEvent.messageType,
      evaluations: evaluations.length,
      putEvaluationsCalls,
      byCompliance,
    };
    log?.info("evaluations reported", { ...result });
    return result;
  } catch (error) {
    const kind = isMigrationGuardError(error) ? error.kind : "internal";
    const message = `${rule.name}: ${describeError(error)}`;
    log?.error(message, { errorKind: kind, errorName: (error as Error)?.name });
    throw new Error(message, { cause: error });
  } finally {
    if (deps.apiCalls) metrics?.addMetric("ApiCalls", "Count", deps.apiCalls());
    metrics?.addMetric("Duration", "Milliseconds", performance.now() - started);
  }
}

/** The clients to evaluate and report with: the container's own, or the event's member account's. */
async function clientsForEvent(
  event: ConfigRuleEvent,
  deps: HandlerDeps,
): Promise<{ clients: AwsClients; accountId: string | undefined }> {
  if (!deps.members) return { clients: deps.clients, accountId: event.accountId };
  if (event.accountId === undefined) {
    throw new InvalidEventError(
      "invalid AWS Config event: event.accountId: missing; organization mode needs the member account",
    );
  }
  try {
    checkAccountId(event.accountId, "event.accountId");
  } catch (error) {
    throw new InvalidEventError(`invalid AWS Config event: ${describeError(error)}`, { cause: error });
  }
  return { clients: await deps.members.clients(event.accountId), accountId: event.accountId };
}

export type { HandlerDeps, HandlerResult, Log, Metrics };
export { handleConfigRuleEvent };
