import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

/**
 * `npm run synth -- --out DIR [--stage STAGE] [--region REGION] [--organization]`: write each
 * stack's synthesized CloudFormation template (JSON) to DIR, offline, through the code path the
 * tests use. `--organization`: organization mode — the administrator's stacks and the member
 * template its StackSet deploys — with the stage's organization settings, or example ones
 * (o-exampleorgid1, r-exmp) when the stage has none, to review and lint before configuring a stage.
 */
const usage =
  "usage: npm run synth -- --out DIR [--stage STAGE] [--region REGION] [--account ID] [--organization]";
let values: {
  out?: string;
  stage?: string;
  region?: string;
  account?: string;
  organization?: boolean;
  help?: boolean;
};
try {
  ({ values } = parseArgs({
    options: {
      out: { type: "string" },
      stage: { type: "string" },
      region: { type: "string" },
      account: { type: "string" },
      organization: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  }));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${usage}\n`);
  process.exit(2);
}
if (values.help || !values.out) {
  process.stderr.write(`${usage}\n`);
  process.exit(values.help ? 0 : 2);
}
if (values.account !== undefined && !/^\d{12}$/.test(values.account)) {
  process.stderr.write("--account must be a 12-digit AWS account id\n");
  process.exit(2);
}

const out = resolve(values.out);
try {
  // SST depends on the AWS SDK v2, which prints an end-of-support notice on import.
  process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= "1";
  // Loaded after the arguments are checked: SST and the CDK take seconds to import.
  const { synthesize } = await import("../stacks/synth.js");
  const stage = values.stage ?? "test";
  let config: import("../stacks/config.js").StageConfig | undefined;
  if (values.organization) {
    const { resolveStageConfig } = await import("../stacks/config.js");
    const { STAGES } = await import("../stacks/stages.js");
    const own = STAGES[stage] ?? {};
    const example = {
      organizationId: "o-exampleorgid1",
      targetOrganizationalUnits: ["r-exmp"],
      memberAccounts: ["111111111111"],
    };
    const organization = own.organization ?? STAGES.default?.organization ?? example;
    if (organization === example) {
      process.stderr.write(
        `stage ${stage} has no organization settings: using example ones (set them in stacks/stages.ts to deploy)\n`,
      );
    }
    config = resolveStageConfig(stage, {
      ...STAGES,
      [stage]: { ...own, mode: "organization", organization },
    });
  }
  const { stacks, member } = await synthesize({
    stage,
    ...(values.region ? { region: values.region } : {}),
    ...(values.account ? { account: values.account } : {}),
    ...(config ? { config } : {}),
  });
  mkdirSync(out, { recursive: true });
  for (const { stackName, template } of [...Object.values(stacks), ...(member ? [member] : [])]) {
    const file = join(out, `${stackName}.template.json`);
    writeFileSync(file, `${JSON.stringify(template.toJSON(), null, 2)}\n`);
    process.stdout.write(`${file}\n`);
  }
} catch (error) {
  process.stderr.write(`synth failed: ${(error as Error).message}\n`);
  process.exit(1);
}
