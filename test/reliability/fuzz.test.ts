import type { ConfigServiceClient } from "@aws-sdk/client-config-service";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AwsClients } from "../../packages/core/src/aws/clients.js";
import type { AccountRead, KeyedRead } from "../../packages/core/src/aws/read.js";
import { type ApiSource, LiveSource, RecordingSource } from "../../packages/core/src/aws/source.js";
import { putEvaluations } from "../../packages/core/src/config/config-api.js";
import { evaluateConfigEvent } from "../../packages/core/src/config/evaluator.js";
import { parseConfigEvent } from "../../packages/core/src/config/events.js";
import { isMigrationGuardError } from "../../packages/core/src/errors.js";
import { RULES } from "../../packages/core/src/rules/index.js";
import { parseParameters } from "../../packages/core/src/rules/params.js";
import { type AnyRule, ruleResourceTypes } from "../../packages/core/src/rules/types.js";
import { ENGINES, generateAccount } from "../support/aws/dataset.js";
import { FakeAws } from "../support/aws/server.js";

/**
 * Bad input: 10,000 generated and mutated AWS Config events (wrong types, missing fields, huge
 * strings, unknown engines, invalid JSON in invokingEvent/ruleParameters, unicode) through the
 * handler's path for every rule of the registry: parse the event → parse parameters → map the
 * configuration item → evaluate → PutEvaluations. Each yields valid evaluations about the
 * resource in the input, or one clear typed error; never an unhandled exception.
 */

const account = generateAccount({ users: 40, endpoints: 60, seed: 9 });
const server = new FakeAws(account);
/** The account as the rules read it (captured once), replayed in memory so 10,000 runs take seconds. */
let replay: ApiSource;

/** Replays what a recording captured; a key it never saw is "not found" (null), as AWS would answer. */
class ReplaySource implements ApiSource {
  constructor(private readonly services: Record<string, Record<string, unknown>>) {}
  async read(op: AccountRead): Promise<unknown> {
    const output = this.services[op.service]?.[op.operation];
    if (output === undefined) throw new Error(`fuzz replay has no ${op.service}.${op.operation}`);
    return structuredClone(output);
  }
  async lookup(op: KeyedRead, key: string): Promise<unknown | null> {
    const outputs = (this.services[op.service]?.[op.operation] ?? {}) as Record<string, unknown>;
    return Object.hasOwn(outputs, key) ? structuredClone(outputs[key]) : null;
  }
}

/** Configuration items per resource type, from the generated account (DMS API and CloudFormation share these names). */
function configurations(resourceType: string): Record<string, unknown>[] {
  const dms = account.dms;
  const table: Record<string, Record<string, unknown>[]> = {
    "AWS::DMS::Endpoint": dms.endpoints,
    "AWS::DMS::ReplicationInstance": dms.replicationInstances,
    "AWS::DMS::Certificate": dms.certificates,
    "AWS::DMS::ReplicationTask": dms.replicationTasks,
    "AWS::EC2::SecurityGroup": account.securityGroups,
    "AWS::KMS::Key": account.kmsKeys,
    "AWS::IAM::User": account.users.map(
      ({ accessKeys: _k, ...u }) => u as unknown as Record<string, unknown>,
    ),
  };
  return table[resourceType] ?? [{}];
}

function idOf(configuration: Record<string, unknown>, fallback: string): string {
  for (const k of [
    "EndpointArn",
    "ReplicationInstanceArn",
    "CertificateArn",
    "ReplicationTaskArn",
    "Arn",
    "GroupId",
  ]) {
    if (typeof configuration[k] === "string") return configuration[k] as string;
  }
  return fallback;
}

const STATUSES = [
  "OK",
  "ResourceDiscovered",
  "ResourceDeleted",
  "ResourceDeletedNotRecorded",
  "ResourceNotRecorded",
];
const MESSAGE_TYPES = [
  "ConfigurationItemChangeNotification",
  "ConfigurationItemChangeNotification",
  "ConfigurationItemChangeNotification",
  "OversizedConfigurationItemChangeNotification",
  "ScheduledNotification",
];

/** Strings that break naive code: huge, unicode, JSON-looking, control characters, prototype keys. */
const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "null",
    "{}",
    "[]",
    "{",
    "\u0000",
    "__proto__",
    "constructor",
    "NaN",
    "-1",
    "1e400",
  ),
  fc.nat({ max: 100_000 }).map((n) => "x".repeat(n)),
  fc.constantFrom(...ENGINES, "not-an-engine", "POSTGRES", "mongo\u0000db", "verify-full", "VERIFY-CA"),
);
const anyValue = fc.oneof(
  nastyString,
  fc.anything({ maxDepth: 3 }),
  fc.constantFrom(null, undefined, 0, -1, 1.5, true, false, [], {}, Number.NaN),
);

/** Every parameter name of the registry, and values each accepts (enum values, bounds, booleans). */
const PARAM_NAMES = [...new Set(RULES.flatMap((r) => Object.keys(r.parameters)))];
const validParams = fc.dictionary(
  fc.constantFrom(...(PARAM_NAMES.length ? PARAM_NAMES : ["none"])),
  fc.oneof(
    fc.constantFrom("true", "false", "0", "1", "30", "90", "365", " 7 "),
    fc.constantFrom(
      ...RULES.flatMap((r) =>
        Object.values(r.parameters).flatMap((spec) => {
          const p = spec as { values?: readonly string[]; min?: number; max?: number };
          return [...(p.values ?? []), ...(p.min !== undefined ? [String(p.min), String(p.max)] : [])];
        }),
      ),
      "verified",
    ),
  ),
  { maxKeys: 2 },
);

interface Mutation {
  /** Index into the list of paths in the event (taken modulo its length). */
  at: number;
  action: "replace" | "delete" | "stringify";
  value: unknown;
}
const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  action: fc.constantFrom("replace", "replace", "delete", "stringify"),
  value: anyValue,
});

type Tree = Record<string, unknown> | unknown[];

function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = [], depth = 0) {
  if (depth > 6 || value === null || typeof value !== "object") return out;
  for (const key of Object.keys(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path);
    paths((value as Record<string, unknown>)[key], path, out, depth + 1);
  }
  return out;
}

function apply(root: Record<string, unknown>, m: Mutation): void {
  const all = paths(root);
  if (all.length === 0) return;
  const path = all[m.at % all.length] as (string | number)[];
  let parent: Tree = root;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string, unknown>)[key as string] as Tree;
  const last = path[path.length - 1] as string;
  const target = parent as Record<string, unknown>;
  if (m.action === "delete") delete target[last];
  else if (m.action === "stringify") target[last] = JSON.stringify(target[last]);
  else target[last] = m.value;
}

interface Case {
  rule: AnyRule;
  raw: Record<string, unknown>;
  /** Resource ids the input names (evaluations may only be about these). */
  inputIds: Set<string>;
  scheduled: boolean;
}

function caseArb(): fc.Arbitrary<Case> {
  return fc
    .record({
      ruleIndex: fc.nat({ max: RULES.length - 1 }),
      typeFromRule: fc.boolean(),
      otherType: fc.constantFrom(
        "AWS::DMS::Endpoint",
        "AWS::S3::Bucket",
        "AWS::IAM::User",
        "AWS::DMS::Certificate",
      ),
      resource: fc.nat(),
      status: fc.constantFrom(...STATUSES),
      messageType: fc.constantFrom(...MESSAGE_TYPES),
      leftScope: fc.oneof(
        { weight: 8, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: anyValue },
      ),
      params: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(undefined, "", "{}") },
        { weight: 3, arbitrary: validParams },
        {
          weight: 2,
          arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...PARAM_NAMES, "x"), fc.string()), anyValue, {
            maxKeys: 3,
          }),
        },
        { weight: 1, arbitrary: nastyString },
      ),
      paramsAsJson: fc.boolean(),
      mutations: fc.oneof(
        { weight: 3, arbitrary: fc.constant([]) },
        { weight: 2, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 4 }) },
      ),
      breakJson: fc.oneof(
        { weight: 7, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom("invokingEvent", "ruleParameters"), fc.nat()) },
      ),
      resourceIdOverride: fc.oneof(
        { weight: 5, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: nastyString },
      ),
    })
    .map((g) => {
      const rule = RULES[g.ruleIndex] as AnyRule;
      const resourceType = g.typeFromRule ? ruleResourceTypes(rule)[0] : g.otherType;
      const pool = configurations(resourceType);
      const configuration = JSON.parse(JSON.stringify(pool[g.resource % pool.length])) as Record<
        string,
        unknown
      >;
      const resourceId = g.resourceIdOverride ?? idOf(configuration, `res-${g.resource}`);
      const item = {
        configurationItemVersion: "1.3",
        configurationItemCaptureTime: "2026-11-01T10:00:00.000Z",
        configurationStateId: 1,
        awsAccountId: account.accountId,
        configurationItemStatus: g.status,
        resourceType,
        resourceId,
        resourceName: String(
          configuration.EndpointIdentifier ?? configuration.ReplicationInstanceIdentifier ?? "n",
        ),
        ARN: idOf(configuration, `arn:aws:dms:us-east-1:${account.accountId}:x:${g.resource}`),
        awsRegion: "us-east-1",
        tags: { app: "fuzz" },
        configuration: g.status.startsWith("ResourceDeleted") ? null : configuration,
      };
      const invoking: Record<string, unknown> =
        g.messageType === "ConfigurationItemChangeNotification"
          ? {
              messageType: g.messageType,
              notificationCreationTime: "2026-11-01T10:00:01.000Z",
              configurationItem: item,
            }
          : g.messageType === "OversizedConfigurationItemChangeNotification"
            ? {
                messageType: g.messageType,
                notificationCreationTime: "2026-11-01T10:00:01.000Z",
                configurationItemSummary: {
                  resourceType,
                  resourceId,
                  configurationItemStatus: g.status,
                  configurationItemCaptureTime: "2026-11-01T10:00:00.000Z",
                },
              }
            : { messageType: g.messageType, notificationCreationTime: "2026-11-01T10:00:01.000Z" };
      const raw: Record<string, unknown> = {
        version: "1.0",
        invokingEvent: invoking,
        ruleParameters: g.paramsAsJson && typeof g.params === "object" ? JSON.stringify(g.params) : g.params,
        resultToken: "fuzz-token",
        eventLeftScope: g.leftScope,
        executionRoleArn: `arn:aws:iam::${account.accountId}:role/config`,
        configRuleName: rule.name,
        accountId: account.accountId,
      };
      for (const m of g.mutations) apply(raw, m);
      // Mutations may have replaced the whole invoking event; ids named anywhere in it count as input.
      const inputIds = new Set<string>();
      const collect = (v: unknown) => {
        if (typeof v === "string") {
          inputIds.add(v);
          try {
            collect(JSON.parse(v));
          } catch {
            // not JSON: a plain string
          }
        } else if (v && typeof v === "object") for (const x of Object.values(v)) collect(x);
      };
      collect(raw.invokingEvent);
      // The oversized path fetches the item from Config: the stub returns this one (history shape).
      const history = { ...item, configuration: JSON.stringify(item.configuration) };
      if (typeof raw.invokingEvent === "object" && raw.invokingEvent !== null)
        raw.invokingEvent = JSON.stringify(raw.invokingEvent);
      if (g.breakJson) {
        const [field, at] = g.breakJson;
        const text =
          typeof raw[field] === "string" ? (raw[field] as string) : JSON.stringify(raw[field] ?? {});
        raw[field] = text.slice(0, at % Math.max(1, text.length));
      }
      collect(history);
      return {
        rule,
        raw,
        inputIds,
        scheduled: g.messageType === "ScheduledNotification",
        history,
      } as Case & {
        history: unknown;
      };
    });
}

/** A Config client that records PutEvaluations instead of sending it. */
function recordingConfigClient(sent: Record<string, unknown>[]): ConfigServiceClient {
  return {
    send: async (command: { input: { Evaluations?: Record<string, unknown>[] } }) => {
      sent.push(...(command.input.Evaluations ?? []));
      return { FailedEvaluations: [] };
    },
  } as unknown as ConfigServiceClient;
}

const periodicIds = new Map<string, Set<string>>();

beforeAll(async () => {
  await server.start();
  process.env.AWS_ENDPOINT_URL = server.endpoint;
  const recorder = new RecordingSource(
    new LiveSource(
      new AwsClients({
        region: "us-east-1",
        credentials: { accessKeyId: "AKIDFUZZ", secretAccessKey: "fuzz-secret" },
      }),
    ),
  );
  const now = new Date("2026-11-01T12:00:00Z");
  for (const rule of RULES) {
    // The periodic path, as the handler runs it (the event carries the account id account-level rules need).
    const event = parseConfigEvent({
      invokingEvent: JSON.stringify({
        messageType: "ScheduledNotification",
        notificationCreationTime: now.toISOString(),
      }),
      resultToken: "fuzz-baseline",
      configRuleName: rule.name,
      accountId: account.accountId,
    });
    const evaluations = await evaluateConfigEvent(
      rule,
      event,
      parseParameters(rule.name, rule.parameters, {}),
      {
        source: recorder,
        now,
        config: { getLatestConfigurationItem: async () => null, listReportedResources: async () => [] },
      },
    );
    periodicIds.set(rule.name, new Set(evaluations.map((e) => e.resourceId)));
  }
  replay = new ReplaySource(recorder.services);
});

afterAll(async () => {
  await server.stop();
  delete process.env.AWS_ENDPOINT_URL;
});

describe("Config events, generated and mutated", () => {
  it("yield valid evaluations about the input's resources, or one clear typed error, for 10,000 events", async () => {
    const outcomes = { evaluated: 0, rejected: 0 };
    await fc.assert(
      fc.asyncProperty(caseArb(), async (c) => {
        const sent: Record<string, unknown>[] = [];
        const history = (c as Case & { history: unknown }).history;
        let evaluations: Awaited<ReturnType<typeof evaluateConfigEvent>>;
        try {
          const event = parseConfigEvent(c.raw);
          const params = parseParameters(c.rule.name, c.rule.parameters, event.ruleParameters);
          evaluations = await evaluateConfigEvent(c.rule, event, params, {
            source: replay,
            now: new Date("2026-11-01T12:00:00Z"),
            config: {
              getLatestConfigurationItem: async () => structuredClone(history),
              listReportedResources: async () => [],
            },
          });
          await putEvaluations(recordingConfigClient(sent), evaluations, event.resultToken, {
            sleep: () => Promise.resolve(),
          });
        } catch (error) {
          // One clear typed error: ours, about the input, one line, naming what is wrong.
          expect(isMigrationGuardError(error), String((error as Error)?.stack)).toBe(true);
          const message = (error as Error).message;
          expect(message, JSON.stringify(message.slice(0, 300))).not.toMatch(/\n/);
          expect(message.length).toBeGreaterThan(10);
          expect(message.length, message.slice(0, 300)).toBeLessThan(2_000);
          expect((error as { kind: string }).kind).toBe("customer");
          outcomes.rejected++;
          return;
        }
        outcomes.evaluated++;
        const allowed = c.scheduled ? (periodicIds.get(c.rule.name) ?? new Set()) : c.inputIds;
        expect(sent).toHaveLength(evaluations.length);
        for (const e of sent) {
          expect(
            allowed.has(String(e.ComplianceResourceId)),
            `reported id ${String(e.ComplianceResourceId).slice(0, 100)} is not in the input`,
          ).toBe(true);
          expect(String(e.ComplianceResourceId).length).toBeGreaterThan(0);
          expect(String(e.ComplianceResourceId).length).toBeLessThanOrEqual(768);
          expect(["COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"]).toContain(e.ComplianceType);
          expect(String(e.Annotation).length).toBeLessThanOrEqual(256);
          expect(String(e.Annotation).length).toBeGreaterThan(0);
          expect(e.OrderingTimestamp).toBeInstanceOf(Date);
          expect(
            Number.isNaN((e.OrderingTimestamp as Date).getTime()),
            "OrderingTimestamp is a valid date",
          ).toBe(false);
        }
      }),
      { numRuns: 10_000, seed: 20261123 },
    );
    // Both outcomes are exercised (a generator that only produced garbage would prove little).
    expect(outcomes.evaluated).toBeGreaterThan(1_000);
    expect(outcomes.rejected).toBeGreaterThan(1_000);
  }, 120_000);
});
