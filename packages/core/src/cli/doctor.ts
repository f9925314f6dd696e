import { parseArgs } from "node:util";
import { PreflightReads } from "../aws/preflight.js";
import { describeError, UsageError } from "../errors.js";
import { quoted } from "../util/excerpt.js";
import { type CliIo, EXIT, fail } from "./audit.js";
import {
  type Check,
  cloudTrailCheck,
  deliveryChannelCheck,
  iamRegionCheck,
  recorderChecks,
  type TrailFacts,
} from "./doctor-checks.js";

/**
 * `migration-guard doctor [--region R] [--organization] [--format table|json]`: read-only checks of
 * what a deployment needs in this account and region (checks in cli/doctor-checks.ts, reads in
 * aws/preflight.ts). Exit 1 when a check fails, 2 for bad arguments.
 */

const DOCTOR_USAGE = `Usage: migration-guard doctor [--region R] [--organization] [--format table|json]

Read-only preflight of this account and region: AWS Config recorder (present, recording, recording the
rules' resource types), delivery channel, a CloudTrail trail logging management events, the region of the
IAM rules; with --organization, trusted access and delegated administrator. Exit 1 when a check fails.
`;

interface DoctorOptions {
  region: string | undefined;
  organization: boolean;
  format: "table" | "json";
}

function parseDoctorArgs(argv: readonly string[]): DoctorOptions | "help" {
  let values: {
    region?: string | undefined;
    organization?: boolean | undefined;
    format?: string | undefined;
    help?: boolean | undefined;
  };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        region: { type: "string" },
        organization: { type: "boolean" },
        format: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new UsageError(describeError(error));
  }
  if (values.help) return "help";
  const format = values.format ?? "table";
  if (format !== "table" && format !== "json")
    throw new UsageError(`--format ${quoted(format)}: expected table or json`);
  if (values.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(values.region))
    throw new UsageError(`--region ${quoted(values.region)}: expected an AWS region (e.g. eu-west-1)`);
  return { region: values.region, organization: values.organization === true, format };
}

/** The service principals of the organization deployment (README, Deploying for an organization). */
const ORGANIZATION_SERVICES = [
  "config-multiaccountsetup.amazonaws.com",
  "config.amazonaws.com",
  "member.org.stacksets.cloudformation.amazonaws.com",
];

/** A check whose read failed: `fail`, with the reason (a denied action names the permission). */
function failed(id: string, error: unknown): Check {
  return { id, status: "fail", message: `cannot check: ${describeError(error)}` };
}

async function trailFacts(reads: PreflightReads): Promise<TrailFacts[]> {
  const facts: TrailFacts[] = [];
  for (const trail of await reads.trails()) {
    const arn = trail.TrailARN ?? trail.Name;
    if (!arn) continue;
    const selectors = await reads.eventSelectors(arn);
    facts.push({
      name: trail.Name ?? arn,
      multiRegion: trail.IsMultiRegionTrail === true,
      logging: await reads.trailLogging(arn),
      eventSelectors: selectors.EventSelectors ?? [],
      advancedEventSelectors: selectors.AdvancedEventSelectors ?? [],
    });
  }
  return facts;
}

async function organizationChecks(reads: PreflightReads, accountId: string): Promise<Check[]> {
  const checks: Check[] = [];
  try {
    const trusted = await reads.trustedServices();
    const missing = ORGANIZATION_SERVICES.filter((s) => !trusted.includes(s));
    checks.push(
      missing.length === 0
        ? {
            id: "organization-trusted-access",
            status: "pass",
            message: `trusted access for ${ORGANIZATION_SERVICES.join(", ")}`,
          }
        : {
            id: "organization-trusted-access",
            status: "fail",
            message: `no trusted access for ${missing.join(", ")}; from the management account: ${missing.map((s) => (s.includes("stacksets") ? "aws cloudformation activate-organizations-access" : `aws organizations enable-aws-service-access --service-principal ${s}`)).join("; ")}`,
          },
    );
  } catch (error) {
    checks.push(failed("organization-trusted-access", error));
  }
  try {
    if ((await reads.managementAccountId()) === accountId) {
      checks.push({
        id: "organization-delegated-administrator",
        status: "pass",
        message: `${accountId} is the management account: no registration needed (set administrator: "management")`,
      });
    } else {
      const delegated = await reads.delegatedServices(accountId);
      const missing = ORGANIZATION_SERVICES.filter((s) => !delegated.includes(s));
      checks.push(
        missing.length === 0
          ? {
              id: "organization-delegated-administrator",
              status: "pass",
              message: `${accountId} is delegated administrator for ${ORGANIZATION_SERVICES.join(", ")}`,
            }
          : {
              id: "organization-delegated-administrator",
              status: "fail",
              message: `${accountId} is not delegated administrator for ${missing.join(", ")}; from the management account: ${missing.map((s) => `aws organizations register-delegated-administrator --account-id ${accountId} --service-principal ${s}`).join("; ")}`,
            },
      );
    }
  } catch (error) {
    checks.push(failed("organization-delegated-administrator", error));
  }
  return checks;
}

/** Every check, in order; a read that fails makes its check `fail` and the others still run. */
async function runChecks(
  reads: PreflightReads,
  region: string,
  /** The caller's account, for the organization checks (none without --organization). */
  organizationAccount: string | undefined,
): Promise<Check[]> {
  const checks: Check[] = [];
  try {
    const [recorders, statuses] = await Promise.all([reads.recorders(), reads.recorderStatuses()]);
    const recording = new Map(statuses.map((s) => [s.name ?? "", s.recording === true]));
    checks.push(...recorderChecks(recorders, recording, region));
  } catch (error) {
    for (const id of ["config-recorder", "config-recording", "config-resource-types"])
      checks.push(failed(id, error));
  }
  try {
    checks.push(deliveryChannelCheck(await reads.deliveryChannels()));
  } catch (error) {
    checks.push(failed("config-delivery-channel", error));
  }
  try {
    checks.push(cloudTrailCheck(await trailFacts(reads)));
  } catch (error) {
    checks.push(failed("cloudtrail-management-events", error));
  }
  checks.push(iamRegionCheck(region));
  if (organizationAccount) checks.push(...(await organizationChecks(reads, organizationAccount)));
  return checks;
}

const MARK = { pass: "✓ pass", warn: "! warn", fail: "✗ fail" } as const;

function renderChecks(checks: readonly Check[], format: "table" | "json", region: string): string {
  if (format === "json") return `${JSON.stringify({ checks }, null, 2)}\n`;
  const width = Math.max(...checks.map((c) => c.id.length));
  const lines = checks.map((c) => `${MARK[c.status]}  ${c.id.padEnd(width)}  ${c.message}`);
  const count = (s: Check["status"]) => checks.filter((c) => c.status === s).length;
  return `migration-guard doctor — ${region}\n\n${lines.join("\n")}\n\n${count("pass")} pass, ${count("warn")} warn, ${count("fail")} fail\n`;
}

/**
 * Runs `doctor`; returns the exit code (0 nothing failed, 1 a check failed, 2 bad arguments, 3 no
 * usable credentials). Never throws.
 */
async function doctorCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let options: DoctorOptions | "help";
  try {
    options = parseDoctorArgs(argv);
  } catch (error) {
    return fail(io, EXIT.badInput, `${describeError(error)} (see --help)`);
  }
  if (options === "help") {
    io.stdout.write(DOCTOR_USAGE);
    return EXIT.ok;
  }
  const reads = io.preflight
    ? io.preflight(options.region)
    : new PreflightReads(options.region ? { region: options.region } : {});
  let region: string;
  try {
    region = options.region ?? (await reads.region());
  } catch (error) {
    return fail(io, EXIT.badInput, `no region: pass --region or set AWS_REGION (${describeError(error)})`);
  }
  let accountId: string;
  try {
    accountId = await reads.accountId();
  } catch (error) {
    return fail(io, EXIT.awsFailed, describeError(error));
  }
  const checks = await runChecks(reads, region, options.organization ? accountId : undefined);
  io.stdout.write(renderChecks(checks, options.format, region));
  return checks.some((c) => c.status === "fail") ? EXIT.nonCompliant : EXIT.ok;
}

export type { DoctorOptions };
export { DOCTOR_USAGE, doctorCommand, ORGANIZATION_SERVICES, parseDoctorArgs, renderChecks, runChecks };
