import type { FactName, Facts, ResourceKindName, ResourceKinds } from "../model/index.js";
import { resourceTypesOf } from "../model/resource-types.js";
import type { ParamSpecs, ParamValues } from "./params.js";

type Compliance = "COMPLIANT" | "NON_COMPLIANT" | "NOT_APPLICABLE";
type Severity = "low" | "medium" | "high" | "critical";
/** AWS Config MaximumExecutionFrequency values. */
type Frequency = "One_Hour" | "Three_Hours" | "Six_Hours" | "Twelve_Hours" | "TwentyFour_Hours";

/** What a rule says about one resource. */
interface Finding {
  compliance: Compliance;
  /** What is wrong and what to do (cut to 256 characters when reported to Config). Never a secret. */
  annotation: string;
  /** Structured detail for the CLI's json output; not sent to Config. */
  details?: unknown;
}

interface RuleContext<F extends FactName> {
  /** Evaluation time; rules never read the clock themselves. */
  now: Date;
  facts: Pick<Facts, F>;
}

/**
 * A rule: metadata plus a pure `evaluate`. The resource kind and the facts it names are
 * collected by the aws/ layer, which also derives the IAM actions the rule's function needs.
 */
interface Rule<
  K extends ResourceKindName = ResourceKindName,
  P extends ParamSpecs = ParamSpecs,
  F extends FactName = FactName,
> {
  /** The Config rule name: `<service>-<resource>-<requirement>`. */
  name: string;
  description: string;
  /**
   * What the rule evaluates; the kind's AWS Config resource types (model/resource-types.ts) are the
   * rule's Config scope, `Scope.ComplianceResourceTypes` (see `ruleResourceTypes`).
   */
  resourceKind: K;
  triggers: { configurationChange: boolean; periodic: Frequency | undefined };
  parameters: P;
  facts: readonly F[];
  severity: Severity;
  remediation: string;
  /** The source sentence the rule enforces: a seed file and its words, or a cited AWS best practice. */
  source: { document: string; text: string };
  /** Given/Then scenarios, one line each ("Given …, Then …"); the rule's tests have one `it` per scenario. */
  scenarios: readonly string[];
  /** Keys of per-resource facts this resource references (e.g. the KMS keys to describe). */
  references?(resource: ResourceKinds[K]): FactReferences;
  evaluate(resource: ResourceKinds[K], params: ParamValues<P>, ctx: RuleContext<F>): Finding;
}

type FactReferences = Partial<Record<FactName, readonly (string | undefined)[]>>;

// biome-ignore lint/suspicious/noExplicitAny: the registry holds rules of every parameter shape.
type AnyRule = Rule<ResourceKindName, any, FactName>;

/** Identity function that keeps a rule's literal types for inference. */
function defineRule<K extends ResourceKindName, P extends ParamSpecs, F extends FactName = never>(
  rule: Rule<K, P, F>,
): Rule<K, P, F> {
  return rule;
}

/**
 * The AWS Config resource types a rule evaluates (one unless its kind spans several; each
 * evaluation then carries its resource's own type), declared once per kind in model/resource-types.ts.
 */
function ruleResourceTypes(rule: Pick<AnyRule, "resourceKind">): readonly [string, ...string[]] {
  return resourceTypesOf(rule.resourceKind);
}

export type { AnyRule, Compliance, FactReferences, Finding, Frequency, Rule, RuleContext, Severity };
export { defineRule, ruleResourceTypes };
