import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Account } from "./dataset.js";
import { unitHash } from "./dataset.js";
import {
  awsJson,
  type Call,
  ec2Response,
  errorResponse,
  escapeXml,
  identify,
  queryResponse,
  queryXml,
  type WireError,
} from "./protocol.js";

/**
 * A small local AWS-compatible server on 127.0.0.1 for the operations migration-guard calls,
 * serving a generated account (dataset.ts) with the page-size limits of the real APIs, an
 * injected latency per call, a count of calls per operation, and AWS Config's PutEvaluations
 * (entries counted per result token). The real SDK clients talk to it through AWS_ENDPOINT_URL.
 *
 * Why not moto for everything: moto has no MGN and no DMS DescribeCertificates, ignores
 * MaxRecords on DMS (200 endpoints in one page) so page counts would be wrong, and seeding
 * 1,000 IAM users with keys takes ~8 s (10k: minutes).
 */

interface PageLimit {
  min: number;
  max: number;
  default: number;
}

/** List operations: the request field that sets the page size and its limits (from the API references). */
const LIST_LIMITS: Record<string, PageLimit> = {
  "dms.DescribeEndpoints": { min: 20, max: 100, default: 100 },
  "dms.DescribeCertificates": { min: 20, max: 100, default: 100 },
  "dms.DescribeReplicationInstances": { min: 20, max: 100, default: 100 },
  "dms.DescribeReplicationTasks": { min: 20, max: 100, default: 100 },
  // The DMS API model documents no limits for these three; taken as the other DMS Describe operations'.
  "dms.DescribeReplicationConfigs": { min: 20, max: 100, default: 100 },
  "dms.DescribeInstanceProfiles": { min: 20, max: 100, default: 100 },
  "dms.DescribeDataProviders": { min: 20, max: 100, default: 100 },
  "iam.GetAccountAuthorizationDetails": { min: 1, max: 1000, default: 100 },
  "iam.ListAccessKeys": { min: 1, max: 1000, default: 100 },
  "ec2.DescribeSecurityGroups": { min: 5, max: 1000, default: 1000 },
  "mgn.DescribeSourceServers": { min: 1, max: 1000, default: 1000 },
  "mgn.DescribeReplicationConfigurationTemplates": { min: 1, max: 1000, default: 1000 },
  "config.GetComplianceDetailsByConfigRule": { min: 0, max: 100, default: 10 },
};

/**
 * Per-resource operations that accept many keys in one request: keys per request counted as the
 * minimum. DMS ListTagsForResource takes a ResourceArnList (the API reference sets no maximum;
 * 100 per request is what the collector sends).
 */
const BULK_KEYS: Record<string, number> = {
  "dms.ListTagsForResource": 100,
};

/** The types PutEvaluations takes: those of test/fixtures/aws-config/supported-resource-types.json. */
const CONFIG_TYPES: ReadonlySet<string> = (() => {
  const guide = JSON.parse(
    readFileSync(new URL("../../fixtures/aws-config/supported-resource-types.json", import.meta.url), "utf8"),
  ) as { recorded: string[]; notRecorded: Record<string, string> };
  return new Set([...guide.recorded, ...Object.keys(guide.notRecorded)]);
})();

interface ServerOptions {
  /** Latency added to every call, in ms (default 0; the benchmark uses 50). */
  latencyMs?: number;
  /** Share of PutEvaluations entries returned in FailedEvaluations (seeded per entry), default 0. */
  failEvaluationsRate?: number;
  seed?: number;
}

interface Reported {
  resourceType: string;
  resourceId: string;
  compliance: string;
  annotation: string;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function token(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString("base64");
}

function offsetOf(value: unknown, op: string): number {
  if (value === undefined || value === null || value === "") return 0;
  const text = Buffer.from(String(value), "base64").toString();
  const match = /^offset:(\d+)$/.exec(text);
  if (!match) throw new ApiError(400, "InvalidParameterValueException", `${op}: invalid pagination token`);
  return Number(match[1]);
}

/** One page of `items` with the API's limits; a page size outside them is the API's validation error. */
function page<T>(
  op: string,
  items: readonly T[],
  pageToken: unknown,
  requested: unknown,
): { items: T[]; next: string | undefined } {
  const limit = LIST_LIMITS[op] as PageLimit;
  let size = limit.default;
  if (requested !== undefined && requested !== null && requested !== "") {
    size = Number(requested);
    if (!Number.isInteger(size) || size < limit.min || size > limit.max) {
      throw new ApiError(
        400,
        op.startsWith("iam.") || op.startsWith("ec2.") ? "ValidationError" : "InvalidParameterValueException",
        `${op}: page size ${String(requested)} outside ${limit.min}..${limit.max}`,
      );
    }
  }
  if (size === 0) size = limit.default;
  const start = offsetOf(pageToken, op);
  const slice = items.slice(start, start + size);
  return { items: slice, next: start + size < items.length ? token(start + size) : undefined };
}

/** Numbered form members: `Prefix.member.1`, `Prefix.member.2`, ... (or `Prefix.1` for EC2). */
function formList(input: Record<string, unknown>, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; ; i++) {
    const value = input[`${prefix}.member.${i}`] ?? input[`${prefix}.${i}`];
    if (value === undefined) return out;
    out.push(String(value));
  }
}

function csvReport(account: Account): string {
  const header =
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
  const iso = (d: Date | undefined) => (d ? d.toISOString().replace(/\.\d{3}Z$/, "+00:00") : "N/A");
  const rows = [
    header,
    `<root_account>,arn:aws:iam::${account.accountId}:root,2020-01-01T00:00:00+00:00,not_supported,2026-10-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  ];
  for (const u of account.users) {
    const key = (i: number) => {
      const k = u.accessKeys[i];
      if (!k) return "false,N/A,N/A,N/A,N/A";
      return `${k.Status === "Active"},${iso(k.CreateDate)},${iso(k.lastUsed)},${k.lastUsed ? "us-east-1" : "N/A"},${k.lastUsed ? "mgn" : "N/A"}`;
    };
    rows.push(
      [
        u.UserName,
        u.Arn,
        iso(u.CreateDate),
        String(u.passwordEnabled),
        u.passwordEnabled ? iso(u.CreateDate) : "N/A",
        u.passwordEnabled ? iso(u.CreateDate) : "N/A",
        "N/A",
        String(u.mfaActive),
        key(0),
        key(1),
        "false,N/A,false,N/A",
      ].join(","),
    );
  }
  return `${rows.join("\n")}\n`;
}

/** EC2's own XML for a security group (`describeSecurityGroups` `securityGroupInfo.item`). */
function securityGroupXml(g: Record<string, unknown>): string {
  const perms = (list: unknown) =>
    (list as Record<string, unknown>[])
      .map((p) => {
        const ranges = (p.IpRanges as { CidrIp: string; Description?: string }[])
          .map(
            (r) =>
              `<item><cidrIp>${r.CidrIp}</cidrIp>${r.Description ? `<description>${escapeXml(r.Description)}</description>` : ""}</item>`,
          )
          .join("");
        const v6 = (p.Ipv6Ranges as { CidrIpv6: string }[])
          .map((r) => `<item><cidrIpv6>${r.CidrIpv6}</cidrIpv6></item>`)
          .join("");
        return `<item><ipProtocol>${p.IpProtocol}</ipProtocol>${p.FromPort !== undefined ? `<fromPort>${p.FromPort}</fromPort><toPort>${p.ToPort}</toPort>` : ""}<groups/><ipRanges>${ranges}</ipRanges><ipv6Ranges>${v6}</ipv6Ranges><prefixListIds/></item>`;
      })
      .join("");
  const tags = (g.Tags as { Key: string; Value: string }[])
    .map((t) => `<item><key>${escapeXml(t.Key)}</key><value>${escapeXml(t.Value)}</value></item>`)
    .join("");
  return `<item><ownerId>${g.OwnerId}</ownerId><groupId>${g.GroupId}</groupId><groupName>${escapeXml(String(g.GroupName))}</groupName><groupDescription>${escapeXml(String(g.Description))}</groupDescription><vpcId>${g.VpcId}</vpcId><securityGroupArn>${g.SecurityGroupArn}</securityGroupArn><ipPermissions>${perms(g.IpPermissions)}</ipPermissions><ipPermissionsEgress>${perms(g.IpPermissionsEgress)}</ipPermissionsEgress><tagSet>${tags}</tagSet></item>`;
}

type Reply =
  | { kind: "json"; body: unknown }
  | { kind: "query"; body: unknown }
  | { kind: "ec2"; xml: string };

class FakeAws {
  readonly account: Account;
  readonly #options: Required<ServerOptions>;
  /** Times each (token, resource) entry was offered: its nth offer gets its own roll. */
  readonly #offers = new Map<string, number>();
  #server: Server | undefined;
  endpoint = "";
  /** Requests served, by `service.Operation`. */
  readonly calls = new Map<string, number>();
  /** Distinct keys asked of per-resource operations, by `service.Operation`. */
  readonly keys = new Map<string, Set<string>>();
  /** The largest full-listing size seen per list operation (items across all its pages). */
  readonly listSizes = new Map<string, number>();
  /** Accepted PutEvaluations entries per result token: `type\0id` → times accepted. */
  readonly accepted = new Map<string, Map<string, number>>();
  /** The latest accepted evaluation per config rule (result token) and resource. */
  readonly reported = new Map<string, Map<string, Reported>>();
  /** Every PutEvaluations request body received (for secret-hygiene checks). */
  readonly putBodies: string[] = [];
  /** Entries returned in FailedEvaluations. */
  failedEvaluations = 0;

  constructor(account: Account, options: ServerOptions = {}) {
    this.account = account;
    this.#options = {
      latencyMs: options.latencyMs ?? 0,
      failEvaluationsRate: options.failEvaluationsRate ?? 0,
      seed: options.seed ?? 7,
    };
  }

  async start(port = 0): Promise<string> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    this.#server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.#server?.listen(port, "127.0.0.1", resolve));
    this.endpoint = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this.endpoint;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  set latencyMs(ms: number) {
    this.#options.latencyMs = ms;
  }

  resetCounters(): void {
    this.calls.clear();
    this.keys.clear();
    this.listSizes.clear();
    this.accepted.clear();
    this.putBodies.length = 0;
    this.failedEvaluations = 0;
  }

  /** Results a rule reported earlier (as GetComplianceDetailsByConfigRule will list them). */
  seedReported(configRuleName: string, resources: Reported[]): void {
    const map = this.reported.get(configRuleName) ?? new Map<string, Reported>();
    for (const r of resources) map.set(`${r.resourceType}\u0000${r.resourceId}`, r);
    this.reported.set(configRuleName, map);
  }

  /** Accepted entries of one result token: how many distinct resources, and any reported twice. */
  acceptedFor(resultToken: string): { resources: Set<string>; duplicates: string[]; entries: number } {
    const map = this.accepted.get(resultToken) ?? new Map<string, number>();
    let entries = 0;
    const duplicates: string[] = [];
    for (const [k, n] of map) {
      entries += n;
      if (n > 1) duplicates.push(k);
    }
    return { resources: new Set(map.keys()), duplicates, entries };
  }

  /** The smallest number of calls that reads what was read: full listings at max page size, one call per distinct key. */
  minimalCalls(op: string): number {
    const limit = LIST_LIMITS[op];
    if (limit) return Math.max(1, Math.ceil((this.listSizes.get(op) ?? 0) / limit.max));
    const keys = this.keys.get(op);
    // An account-level call (GetEbsEncryptionByDefault, GetCredentialReport, ...) is one call.
    if (!keys) return this.calls.has(op) ? 1 : 0;
    return Math.ceil(keys.size / (BULK_KEYS[op] ?? 1));
  }

  #count(op: string, key?: string): void {
    this.calls.set(op, (this.calls.get(op) ?? 0) + 1);
    if (key !== undefined) {
      const set = this.keys.get(op) ?? new Set<string>();
      set.add(key);
      this.keys.set(op, set);
    }
  }

  #listed(op: string, size: number): void {
    this.listSizes.set(op, Math.max(this.listSizes.get(op) ?? 0, size));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const requestId = randomUUID();
    const call = identify(req.method ?? "GET", req.url ?? "/", req.headers, body);
    if (this.#options.latencyMs > 0) await new Promise((r) => setTimeout(r, this.#options.latencyMs));
    if (!call) {
      res.writeHead(404, { "content-type": "text/plain" }).end("unknown operation");
      return;
    }
    let wire: { status: number; headers: Record<string, string>; body: string };
    try {
      wire = this.#render(call, this.#dispatch(call), requestId);
    } catch (error) {
      const e =
        error instanceof ApiError ? error : new ApiError(500, "InternalFailure", (error as Error).message);
      wire = errorResponse(call, e.status, e.code, e.message, requestId);
    }
    res.writeHead(wire.status, { ...wire.headers, "content-length": Buffer.byteLength(wire.body) });
    res.end(wire.body);
  }

  #render(call: Call, reply: Reply, requestId: string): WireError {
    switch (reply.kind) {
      case "json":
        return {
          status: 200,
          headers: {
            "content-type": call.protocol === "restJson" ? "application/json" : "application/x-amz-json-1.1",
            "x-amzn-requestid": requestId,
          },
          body: awsJson(reply.body),
        };
      case "query":
        return {
          status: 200,
          headers: { "content-type": "text/xml" },
          body: queryResponse(call.service, call.operation, reply.body, requestId),
        };
      case "ec2":
        return {
          status: 200,
          headers: { "content-type": "text/xml;charset=UTF-8" },
          body: ec2Response(call.operation, reply.xml, requestId),
        };
    }
  }

  #dispatch(call: Call): Reply {
    const op = `${call.service}.${call.operation}`;
    const input = call.input;
    const a = this.account;
    const json = (body: unknown): Reply => ({ kind: "json", body });
    const query = (body: unknown): Reply => ({ kind: "query", body });
    const dmsList = (items: Record<string, unknown>[], field: string): Reply => {
      this.#count(op);
      if (!input.Marker) this.#listed(op, items.length);
      const p = page(op, items, input.Marker, input.MaxRecords);
      return json({ [field]: p.items, Marker: p.next });
    };
    switch (op) {
      case "dms.DescribeEndpoints":
        return dmsList(a.dms.endpoints, "Endpoints");
      case "dms.DescribeCertificates":
        return dmsList(a.dms.certificates, "Certificates");
      case "dms.DescribeReplicationInstances":
        return dmsList(a.dms.replicationInstances, "ReplicationInstances");
      case "dms.DescribeReplicationTasks": {
        const items =
          input.WithoutSettings === true
            ? a.dms.replicationTasks.map(
                ({ ReplicationTaskSettings: _s, TableMappings: _t, ...rest }) => rest,
              )
            : a.dms.replicationTasks;
        return dmsList(items, "ReplicationTasks");
      }
      case "dms.DescribeReplicationConfigs":
        return dmsList(a.dms.replicationConfigs, "ReplicationConfigs");
      case "dms.DescribeInstanceProfiles":
        return dmsList(a.dms.instanceProfiles, "InstanceProfiles");
      case "dms.DescribeDataProviders":
        return dmsList(a.dms.dataProviders, "DataProviders");
      case "dms.ListTagsForResource": {
        const arns = [
          ...(typeof input.ResourceArn === "string" ? [input.ResourceArn] : []),
          ...(Array.isArray(input.ResourceArnList) ? (input.ResourceArnList as string[]) : []),
        ];
        this.#count(op, arns.join(","));
        const set = this.keys.get(op) as Set<string>;
        set.delete(arns.join(","));
        for (const arn of arns) set.add(arn);
        const known = this.#dmsArns();
        const tagList = arns.flatMap((arn) => {
          if (!known.has(arn)) throw new ApiError(400, "ResourceNotFoundFault", `resource ${arn} not found`);
          return (a.dms.tags.get(arn) ?? []).map((t) => ({ ...t, ResourceArn: arn }));
        });
        return json({ TagList: tagList });
      }
      case "kms.DescribeKey": {
        const ref = String(input.KeyId ?? "");
        this.#count(op, ref);
        const index = a.kmsRefs.get(ref);
        if (index === undefined) throw new ApiError(400, "NotFoundException", `Key '${ref}' does not exist`);
        return json({ KeyMetadata: a.kmsKeys[index] });
      }
      case "config.PutEvaluations":
        return json(this.#putEvaluations(input));
      case "config.GetComplianceDetailsByConfigRule": {
        this.#count(op);
        const name = String(input.ConfigRuleName ?? "");
        const wanted = Array.isArray(input.ComplianceTypes) ? (input.ComplianceTypes as string[]) : undefined;
        const results = [...(this.reported.get(name)?.values() ?? [])].filter(
          (r) => !wanted || wanted.includes(r.compliance),
        );
        if (!input.NextToken) this.#listed(op, results.length);
        const p = page(op, results, input.NextToken, input.Limit);
        return json({
          EvaluationResults: p.items.map((r) => ({
            EvaluationResultIdentifier: {
              EvaluationResultQualifier: {
                ConfigRuleName: name,
                ResourceType: r.resourceType,
                ResourceId: r.resourceId,
              },
              OrderingTimestamp: a.now,
            },
            ComplianceType: r.compliance,
            ResultRecordedTime: a.now,
            ConfigRuleInvokedTime: a.now,
            Annotation: r.annotation,
          })),
          NextToken: p.next,
        });
      }
      case "config.GetResourceConfigHistory": {
        this.#count(op, String(input.resourceId ?? ""));
        throw new ApiError(
          400,
          "ResourceNotDiscoveredException",
          `Resource ${String(input.resourceId)} of resourceType:${String(input.resourceType)} is unknown or has not been discovered`,
        );
      }
      case "sts.GetCallerIdentity":
        this.#count(op);
        return query({
          Arn: `arn:aws:iam::${a.accountId}:user/auditor`,
          UserId: "AIDAAUDITOR000000000",
          Account: a.accountId,
        });
      case "iam.GetAccountAuthorizationDetails":
        return query(this.#authorizationDetails(op, input));
      case "iam.GenerateCredentialReport":
        this.#count(op);
        return query({
          State: "COMPLETE",
          Description: "No report exists. Starting a new report generation.",
        });
      case "iam.GetCredentialReport":
        this.#count(op);
        return query({
          Content: Buffer.from(csvReport(a)).toString("base64"),
          ReportFormat: "text/csv",
          GeneratedTime: a.now,
        });
      case "iam.ListAccessKeys": {
        const userName = String(input.UserName ?? "auditor");
        this.#count(op, userName);
        const user = a.users.find((u) => u.UserName === userName);
        if (!user && input.UserName !== undefined)
          throw new ApiError(404, "NoSuchEntity", `The user with name ${userName} cannot be found.`);
        const p = page(op, user?.accessKeys ?? [], input.Marker, input.MaxItems);
        return query({
          AccessKeyMetadata: p.items.map((k) => ({
            UserName: userName,
            AccessKeyId: k.AccessKeyId,
            Status: k.Status,
            CreateDate: k.CreateDate,
          })),
          IsTruncated: p.next !== undefined,
          Marker: p.next,
        });
      }
      case "iam.GetAccessKeyLastUsed": {
        const id = String(input.AccessKeyId ?? "");
        this.#count(op, id);
        for (const u of a.users) {
          const k = u.accessKeys.find((key) => key.AccessKeyId === id);
          if (k) {
            return query({
              UserName: u.UserName,
              AccessKeyLastUsed: k.lastUsed
                ? { LastUsedDate: k.lastUsed, ServiceName: "mgn", Region: a.region }
                : { ServiceName: "N/A", Region: "N/A" },
            });
          }
        }
        throw new ApiError(400, "AccessDenied", "The access key is not found in this account");
      }
      case "ec2.DescribeSecurityGroups": {
        const ids = formList(input, "GroupId");
        this.#count(op, ids.length > 0 ? ids.join(",") : undefined);
        if (ids.length > 0) {
          const set = this.keys.get(op) as Set<string>;
          set.delete(ids.join(","));
          for (const id of ids) set.add(id);
          const groups = ids.map((id) => {
            const g = a.securityGroups.find((s) => s.GroupId === id);
            if (!g)
              throw new ApiError(400, "InvalidGroup.NotFound", `The security group '${id}' does not exist`);
            return g;
          });
          return {
            kind: "ec2",
            xml: `<securityGroupInfo>${groups.map(securityGroupXml).join("")}</securityGroupInfo>`,
          };
        }
        if (!input.NextToken) this.#listed(op, a.securityGroups.length);
        const p = page(op, a.securityGroups, input.NextToken, input.MaxResults);
        return {
          kind: "ec2",
          xml: `<securityGroupInfo>${p.items.map(securityGroupXml).join("")}</securityGroupInfo>${p.next ? `<nextToken>${p.next}</nextToken>` : ""}`,
        };
      }
      case "ec2.GetEbsEncryptionByDefault":
        this.#count(op);
        return {
          kind: "ec2",
          xml: `<ebsEncryptionByDefault>${a.ebsEncryptionByDefault}</ebsEncryptionByDefault><sseType>sse-ebs</sseType>`,
        };
      case "mgn.DescribeSourceServers": {
        this.#count(op);
        const filters = (input.filters ?? {}) as { isArchived?: boolean; sourceServerIDs?: string[] };
        let items = a.mgn.sourceServers;
        if (typeof filters.isArchived === "boolean")
          items = items.filter((s) => s.isArchived === filters.isArchived);
        if (Array.isArray(filters.sourceServerIDs) && filters.sourceServerIDs.length > 0)
          items = items.filter((s) => filters.sourceServerIDs?.includes(String(s.sourceServerID)));
        if (!input.nextToken) this.#listed(op, items.length);
        const p = page(op, items, input.nextToken, input.maxResults);
        return json({ items: p.items, nextToken: p.next });
      }
      case "mgn.DescribeReplicationConfigurationTemplates": {
        this.#count(op);
        if (!input.nextToken) this.#listed(op, a.mgn.templates.length);
        const p = page(op, a.mgn.templates, input.nextToken, input.maxResults);
        return json({ items: p.items, nextToken: p.next });
      }
      case "mgn.GetReplicationConfiguration": {
        const id = String(input.sourceServerID ?? "");
        this.#count(op, id);
        const configuration = a.mgn.replicationConfigurations.get(id);
        if (!configuration)
          throw new ApiError(404, "ResourceNotFoundException", `Source server ${id} not found`);
        return json(configuration);
      }
      default:
        this.#count(op);
        throw new ApiError(400, "InvalidAction", `${op} is not implemented by the local AWS server`);
    }
  }

  #knownDmsArns: Set<string> | undefined;

  /** Every DMS resource ARN of the account (untagged resources have an empty TagList, as in DMS). */
  #dmsArns(): Set<string> {
    const d = this.account.dms;
    this.#knownDmsArns ??= new Set([
      ...d.endpoints.map((e) => String(e.EndpointArn)),
      ...d.replicationInstances.map((r) => String(r.ReplicationInstanceArn)),
      ...d.replicationTasks.map((t) => String(t.ReplicationTaskArn)),
      ...d.certificates.map((c) => String(c.CertificateArn)),
      ...d.replicationConfigs.map((c) => String(c.ReplicationConfigArn)),
    ]);
    return this.#knownDmsArns;
  }

  #authorizationDetails(op: string, input: Record<string, unknown>): unknown {
    this.#count(op);
    const a = this.account;
    const filter = formList(input, "Filter");
    const want = (t: string) => filter.length === 0 || filter.includes(t);
    type Entity = { kind: "user" | "policy"; value: unknown };
    const entities: Entity[] = [];
    if (want("User")) {
      for (const u of a.users) {
        const { accessKeys: _k, passwordEnabled: _p, mfaActive: _m, agent: _a, ...detail } = u;
        entities.push({ kind: "user", value: detail });
      }
    }
    if (want("LocalManagedPolicy")) {
      for (const p of a.policies) {
        const { document, ...detail } = p;
        entities.push({
          kind: "policy",
          value: {
            ...detail,
            PolicyVersionList: [
              {
                Document: encodeURIComponent(JSON.stringify(document)),
                VersionId: "v1",
                IsDefaultVersion: true,
                CreateDate: p.CreateDate,
              },
            ],
          },
        });
      }
    }
    if (!input.Marker) this.#listed(op, entities.length);
    const p = page(op, entities, input.Marker, input.MaxItems);
    return {
      UserDetailList: p.items.filter((e) => e.kind === "user").map((e) => e.value),
      GroupDetailList: [],
      RoleDetailList: [],
      Policies: p.items.filter((e) => e.kind === "policy").map((e) => e.value),
      IsTruncated: p.next !== undefined,
      Marker: p.next,
    };
  }

  #putEvaluations(input: Record<string, unknown>): unknown {
    this.#count("config.PutEvaluations");
    this.putBodies.push(JSON.stringify(input));
    const resultToken = String(input.ResultToken ?? "");
    if (!resultToken) throw new ApiError(400, "InvalidResultTokenException", "The result token is invalid.");
    const evaluations = Array.isArray(input.Evaluations)
      ? (input.Evaluations as Record<string, unknown>[])
      : [];
    if (evaluations.length > 100)
      throw new ApiError(400, "ValidationException", "Evaluations: at most 100 entries per call");
    // Config refuses the whole request for a type outside its supported list (aws-config-rdk issue
    // #290: "The resource type AWS::Backup::BackupPlan is invalid. Only the following values are permitted").
    const invalid = evaluations.find((e) => !CONFIG_TYPES.has(String(e.ComplianceResourceType)));
    if (invalid)
      throw new ApiError(
        400,
        "InvalidParameterValueException",
        `The resource type ${String(invalid.ComplianceResourceType)} is invalid.`,
      );
    const failed: Record<string, unknown>[] = [];
    const accepted = this.accepted.get(resultToken) ?? new Map<string, number>();
    const reported = this.reported.get(resultToken) ?? new Map<string, Reported>();
    for (const e of evaluations) {
      const annotation = typeof e.Annotation === "string" ? e.Annotation : "";
      if (annotation.length > 256)
        throw new ApiError(400, "ValidationException", "Annotation: length must be at most 256");
      const key = `${String(e.ComplianceResourceType)}\u0000${String(e.ComplianceResourceId)}`;
      const offer = `${resultToken}\u0000${key}`;
      const nth = (this.#offers.get(offer) ?? 0) + 1;
      this.#offers.set(offer, nth);
      const roll = unitHash(this.#options.seed, `${nth}\u0000${offer}`);
      if (this.#options.failEvaluationsRate > 0 && roll < this.#options.failEvaluationsRate) {
        failed.push(e);
        this.failedEvaluations++;
        continue;
      }
      if (input.TestMode === true) continue;
      accepted.set(key, (accepted.get(key) ?? 0) + 1);
      if (e.ComplianceType === "NOT_APPLICABLE") reported.delete(key);
      else
        reported.set(key, {
          resourceType: String(e.ComplianceResourceType),
          resourceId: String(e.ComplianceResourceId),
          compliance: String(e.ComplianceType),
          annotation,
        });
    }
    this.accepted.set(resultToken, accepted);
    this.reported.set(resultToken, reported);
    return { FailedEvaluations: failed };
  }
}

export type { Reported, ServerOptions };
export { BULK_KEYS, FakeAws, LIST_LIMITS, queryXml };
