import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Aspects, App as CdkApp, type IAspect, Stack } from "aws-cdk-lib";
import { CfnInclude } from "aws-cdk-lib/cloudformation-include";
import {
  AwsSolutionsChecks,
  type INagLogger,
  type NagLoggerNonComplianceData,
  NagMessageLevel,
  ServerlessChecks,
} from "cdk-nag";
import { describe, expect, it } from "vitest";
import { resolveStageConfig, type StageSettings } from "../../stacks/config.js";
import { synthesize } from "../../stacks/synth.js";

/**
 * cdk-nag's AwsSolutions and Serverless rule packs on every stack of every variant the stack tests
 * synthesize (account mode with the shipped settings and with every option on, organization mode
 * with the member template). Findings that matter are fixed in the stacks; the rest are suppressed
 * beside their construct with a reason (README, "Security"). Zero unsuppressed errors and
 * warnings; a rule that cannot run (`onError`) counts as a finding too.
 */

interface Finding {
  stack: string;
  path: string;
  rule: string;
  level: string;
  info: string;
}

class Collector implements INagLogger {
  readonly findings: Finding[] = [];
  readonly suppressed: Finding[] = [];
  private record(
    list: Finding[],
    data: NagLoggerNonComplianceData | (NagLoggerNonComplianceData & { errorMessage?: string }),
  ) {
    list.push({
      stack: Stack.of(data.resource).stackName,
      path: data.resource.node.path,
      rule: data.findingId ? `${data.ruleId}[${data.findingId}]` : data.ruleId,
      level: data.ruleLevel,
      info: data.ruleInfo,
    });
  }
  onCompliance(): void {}
  onNotApplicable(): void {}
  onNonCompliance(data: NagLoggerNonComplianceData): void {
    if (data.ruleLevel !== NagMessageLevel.INFO) this.record(this.findings, data);
  }
  onSuppressed(data: NagLoggerNonComplianceData): void {
    this.record(this.suppressed, data);
  }
  onError(data: Parameters<INagLogger["onError"]>[0]): void {
    this.findings.push({
      stack: Stack.of(data.resource).stackName,
      path: data.resource.node.path,
      rule: data.ruleId,
      level: "RULE ERROR",
      info: data.errorMessage,
    });
  }
  onSuppressedError(): void {}
}

function packs(logger: INagLogger): IAspect[] {
  const options = { reports: false, verbose: true, additionalLoggers: [logger] };
  return [new AwsSolutionsChecks(options), new ServerlessChecks(options)];
}

function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.level} ${f.rule} ${f.stack} ${f.path}: ${f.info}`).join("\n");
}

async function nag(stage: string, region: string, settings?: StageSettings) {
  const logger = new Collector();
  const config = settings ? resolveStageConfig(stage, { [stage]: settings }, {}) : undefined;
  const { stacks, member } = await synthesize({
    stage,
    region,
    ...(config ? { config } : {}),
    aspects: packs(logger),
  });
  // The member template is synthesized in its own app (stacks/member-template.ts): check the
  // template the StackSet deploys, suppressions included (they travel as resource metadata).
  if (member) {
    const app = new CdkApp();
    const stack = new Stack(app, member.stackName);
    const dir = mkdtempSync(join(tmpdir(), "migration-guard-nag-"));
    try {
      const templateFile = join(dir, "member.template.json");
      writeFileSync(templateFile, JSON.stringify(member.template.toJSON()));
      new CfnInclude(stack, "Member", { templateFile });
      for (const aspect of packs(logger)) Aspects.of(app).add(aspect);
      app.synth();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (process.env.NAG_DUMP) {
    appendFileSync(
      process.env.NAG_DUMP,
      `${JSON.stringify({ stage, findings: logger.findings, suppressed: logger.suppressed })}\n`,
    );
  }
  return { logger, stackNames: Object.values(stacks).map((s) => s.stackName), member: member?.stackName };
}

describe("cdk-nag (AwsSolutions, Serverless)", () => {
  it("finds nothing unsuppressed in account mode with the shipped settings", async () => {
    const { logger, stackNames } = await nag("nag", "us-east-1");
    expect(stackNames.sort()).toEqual(["nag-migration-guard-Alerts", "nag-migration-guard-Rules"]);
    expect(logger.findings, describeFindings(logger.findings)).toEqual([]);
  }, 300_000);

  it("finds nothing unsuppressed in account mode with a recorder, subscriptions and a prefix", async () => {
    const { logger } = await nag("nagall", "eu-central-1", {
      recorder: true,
      alertEmails: ["security@example.com"],
      configRuleNamePrefix: "nag-",
      deltaReporting: { enabled: true },
    });
    expect(logger.findings, describeFindings(logger.findings)).toEqual([]);
  }, 300_000);

  it("finds nothing unsuppressed in account mode with remediation enabled (manual and automatic)", async () => {
    const { logger, stackNames } = await nag("nagfix", "us-east-1", {
      remediation: {
        "mgn-agent-key-cleanup": { mode: "automatic" },
        "mgn-agent-key-expiry": { mode: "manual", graceDays: 14 },
        "mgn-agent-key-rotation": { mode: "manual" },
        "mgn-replication-settings": { mode: "manual", privateRouting: true },
      },
    } as StageSettings);
    expect(stackNames).toContain("nagfix-migration-guard-Remediation");
    expect(logger.findings, describeFindings(logger.findings)).toEqual([]);
  }, 300_000);

  it("finds nothing unsuppressed in organization mode, member template included", async () => {
    const { logger, stackNames, member } = await nag("nagorg", "us-east-1", {
      mode: "organization",
      organization: {
        organizationId: "o-abcdefghij",
        targetOrganizationalUnits: ["r-ab12"],
        memberAccounts: ["111111111111"],
        excludedAccounts: ["999999999999"],
        aggregatorRegions: ["us-east-1"],
      },
    });
    expect(stackNames.sort()).toEqual([
      "nagorg-migration-guard-Alerts",
      "nagorg-migration-guard-Organization",
    ]);
    expect(member).toBe("nagorg-migration-guard-Member");
    expect(logger.findings, describeFindings(logger.findings)).toEqual([]);
  }, 300_000);
});
