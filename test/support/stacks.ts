import type { Template } from "aws-cdk-lib/assertions";

/** Readers over a synthesized template, for the infrastructure tests. */

type Resource = { Type: string; Properties?: Record<string, unknown>; DependsOn?: string[] };
type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
};

function resources(template: Template, type?: string): Record<string, Resource> {
  const all = (template.toJSON() as { Resources: Record<string, Resource> }).Resources;
  return Object.fromEntries(Object.entries(all).filter(([, r]) => !type || r.Type === type));
}

function asList<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

/** The Lambda function whose environment has RULE_NAME = `rule`: its logical id and properties. */
function ruleFunction(template: Template, rule: string): [string, Record<string, unknown>] | undefined {
  return Object.entries(resources(template, "AWS::Lambda::Function"))
    .map(([id, r]) => [id, r.Properties ?? {}] as [string, Record<string, unknown>])
    .find(
      ([, p]) => (p.Environment as { Variables?: Record<string, string> })?.Variables?.RULE_NAME === rule,
    );
}

/** The logical id of the role a function runs as. */
function roleOf(fn: Record<string, unknown>): string {
  const role = fn.Role as { "Fn::GetAtt"?: [string, string] };
  const id = role["Fn::GetAtt"]?.[0];
  if (!id) throw new Error("function role is not a GetAtt of a role in the template");
  return id;
}

/** Every statement granted to a role: its inline policies and the AWS::IAM::Policy resources attached to it. */
function roleStatements(template: Template, roleId: string): Statement[] {
  const role = resources(template)[roleId];
  if (!role) throw new Error(`no role ${roleId}`);
  const inline = (
    (role.Properties?.Policies as { PolicyDocument: { Statement: Statement[] } }[]) ?? []
  ).flatMap((p) => p.PolicyDocument.Statement);
  const attached = Object.values(resources(template, "AWS::IAM::Policy"))
    .filter((p) => ((p.Properties?.Roles ?? []) as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap(
      (p) => ((p.Properties?.PolicyDocument ?? { Statement: [] }) as { Statement: Statement[] }).Statement,
    );
  return [...inline, ...attached];
}

function actionsOf(statements: readonly Statement[]): string[] {
  return [...new Set(statements.flatMap((s) => asList(s.Action)))].sort();
}

export type { Resource, Statement };
export { actionsOf, asList, resources, roleOf, roleStatements, ruleFunction };
