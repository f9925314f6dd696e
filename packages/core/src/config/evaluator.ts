import { collectAll, collectItem } from "../aws/collect.js";
import { loadFacts } from "../aws/facts.js";
import type { Scope } from "../aws/kinds.js";
import type { ApiSource } from "../aws/source.js";
import { InvalidEventError } from "../errors.js";
import type { ConfigurationItem } from "../model/configuration-item.js";
import type { FactName, ResourceKinds } from "../model/index.js";
import type { Collected } from "../model/resource-types.js";
import type { ParamSpecs, ParamValues } from "../rules/params.js";
import { type AnyRule, ruleResourceTypes } from "../rules/types.js";
import { displayLine, optDisplay } from "../util/display.js";
import type { ReportedResult } from "./config-api.js";
import type { Evaluation } from "./evaluation.js";
import type { ConfigRuleEvent } from "./events.js";
import { parseConfigurationItem, withoutConfiguration } from "./items.js";
import { type DeltaReporting, periodicReport } from "./periodic.js";
import { summariseUnrecorded } from "./unrecorded.js";

/**
 * Event → evaluations. Data flows one way: the event says what to look at, aws/ collects it into
 * the model, the rule (pure) decides, and the caller reports. Used by the Lambda handler (all
 * message types) and by the local audit (the periodic path).
 */

type RuleResource = ResourceKinds[keyof ResourceKinds];

/** What the evaluator needs from AWS Config itself (implemented in config-api.ts). */
interface ConfigReader {
  getLatestConfigurationItem(resourceType: string, resourceId: string): Promise<unknown>;
  listReportedResources(configRuleName: string): Promise<ReportedResult[]>;
}

/**
 * Evaluate resources already collected (each with its identity): load the rule's facts once, then
 * run the pure rule on each.
 */
async function evaluateResources(
  rule: AnyRule,
  resources: readonly Collected<RuleResource>[],
  params: Record<string, unknown>,
  source: ApiSource,
  now: Date,
  orderingTimestamp: Date,
): Promise<Evaluation[]> {
  // No resource: no fact is read (an account without the feature needs neither its API nor its permission).
  if (resources.length === 0) return [];
  const refs: Partial<Record<FactName, Set<string>>> = {};
  if (rule.references) {
    for (const resource of resources) {
      for (const [fact, keys] of Object.entries(rule.references(resource.model))) {
        const set = refs[fact as FactName] ?? new Set<string>();
        for (const key of keys ?? []) if (key) set.add(key);
        refs[fact as FactName] = set;
      }
    }
  }
  const facts = await loadFacts(source, rule.facts, refs);
  return resources.map((resource) => {
    // The values parseParameters returned for this rule's parameters.
    const finding = rule.evaluate(resource.model, params as ParamValues<ParamSpecs>, { now, facts });
    const evaluation: Evaluation = {
      rule: rule.name,
      resourceType: resource.resourceType,
      resourceId: resource.resourceId,
      // Display text is cleaned here for every rule; the resource id stays exact.
      resourceName: optDisplay(resource.resourceName),
      compliance: finding.compliance,
      annotation: displayLine(finding.annotation),
      orderingTimestamp,
    };
    if (finding.details !== undefined) evaluation.details = finding.details;
    return evaluation;
  });
}

/** The periodic path: every in-scope resource of the account and region. */
async function evaluateAll(
  rule: AnyRule,
  params: Record<string, unknown>,
  source: ApiSource,
  now: Date,
  orderingTimestamp: Date = now,
  scope: Scope = { accountId: undefined },
): Promise<Evaluation[]> {
  const resources = await collectAll(rule.resourceKind, source, scope);
  return evaluateResources(rule, resources, params, source, now, orderingTimestamp);
}

function notApplicable(
  rule: AnyRule,
  resourceType: string,
  resourceId: string,
  annotation: string,
  at: Date,
  name?: string,
): Evaluation {
  return {
    rule: rule.name,
    resourceType,
    resourceId,
    resourceName: optDisplay(name),
    compliance: "NOT_APPLICABLE",
    annotation,
    orderingTimestamp: at,
  };
}

async function evaluateItem(
  rule: AnyRule,
  item: ConfigurationItem,
  eventLeftScope: boolean,
  params: Record<string, unknown>,
  source: ApiSource,
  now: Date,
): Promise<Evaluation[]> {
  const at = item.captureTime;
  if (!ruleResourceTypes(rule).includes(item.resourceType)) {
    return [
      notApplicable(
        rule,
        item.resourceType,
        item.resourceId,
        `outside this rule's scope (${ruleResourceTypes(rule).join(", ")})`,
        at,
        item.resourceName,
      ),
    ];
  }
  if (eventLeftScope) {
    return [
      notApplicable(
        rule,
        item.resourceType,
        item.resourceId,
        "resource left the rule's scope",
        at,
        item.resourceName,
      ),
    ];
  }
  const unrecorded = withoutConfiguration(item);
  if (unrecorded !== undefined || !item.configuration) {
    return [
      notApplicable(
        rule,
        item.resourceType,
        item.resourceId,
        unrecorded ?? "resource was deleted",
        at,
        item.resourceName,
      ),
    ];
  }
  const recorded = { ...item, configuration: item.configuration };
  const collected = await collectItem(rule.resourceKind, recorded, source, rule.facts);
  if (!collected) {
    throw new InvalidEventError(
      `${rule.name} evaluates ${item.resourceType} periodically only; configuration change notifications are not supported`,
    );
  }
  const { unchecked } = collected;
  const evaluations = await evaluateResources(rule, [collected.collected], params, source, now, at);
  if (unchecked.length === 0) return evaluations;
  // Said first: PutEvaluations keeps only the first 256 characters of an annotation.
  return evaluations.map((e) => ({
    ...e,
    annotation: `not checked: ${unchecked.join("; ")}. ${e.annotation}`,
  }));
}

/**
 * Evaluate one Config event. A change notification gets its one answer. A scheduled run reports
 * what periodic.ts selects: the COMPLIANT and NON_COMPLIANT verdicts (less, under delta reporting,
 * those unchanged since a recent result), and NOT_APPLICABLE only to retire a result AWS Config
 * holds for a resource now outside the rule's concern or no longer existing.
 */
async function evaluateConfigEvent(
  rule: AnyRule,
  event: ConfigRuleEvent,
  params: Record<string, unknown>,
  deps: { source: ApiSource; config: ConfigReader; now: Date; deltaReporting?: DeltaReporting },
): Promise<Evaluation[]> {
  const invoking = event.invokingEvent;
  switch (invoking.messageType) {
    case "ConfigurationItemChangeNotification":
      return evaluateItem(
        rule,
        invoking.configurationItem,
        event.eventLeftScope,
        params,
        deps.source,
        deps.now,
      );
    case "OversizedConfigurationItemChangeNotification": {
      const { summary } = invoking;
      const inScope = ruleResourceTypes(rule).includes(summary.resourceType);
      const unrecorded = withoutConfiguration(summary);
      if (!inScope || event.eventLeftScope || unrecorded !== undefined) {
        const why = !inScope
          ? `outside this rule's scope (${ruleResourceTypes(rule).join(", ")})`
          : event.eventLeftScope
            ? "resource left the rule's scope"
            : (unrecorded as string);
        return [notApplicable(rule, summary.resourceType, summary.resourceId, why, summary.captureTime)];
      }
      const raw = await deps.config.getLatestConfigurationItem(summary.resourceType, summary.resourceId);
      const item = parseConfigurationItem(raw, "GetResourceConfigHistory.configurationItems[0]");
      return evaluateItem(rule, item, false, params, deps.source, deps.now);
    }
    case "ScheduledNotification": {
      const at = invoking.notificationCreationTime;
      if (!event.configRuleName)
        throw new InvalidEventError("invalid AWS Config event: event.configRuleName: missing");
      // Resources of types Config does not record go into one account summary (config/unrecorded.ts).
      const evaluations = summariseUnrecorded(
        rule,
        await evaluateAll(rule, params, deps.source, deps.now, at, { accountId: event.accountId }),
        event.accountId,
      );
      const earlier = await deps.config.listReportedResources(event.configRuleName);
      return periodicReport(evaluations, earlier, {
        now: deps.now,
        ...(deps.deltaReporting ? { delta: deps.deltaReporting } : {}),
        retire: (held) =>
          notApplicable(rule, held.resourceType, held.resourceId, "resource no longer exists", at),
      });
    }
  }
}

export type { ConfigReader, RuleResource };
export { evaluateAll, evaluateConfigEvent, evaluateResources };
