import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

/**
 * `npm run synth -- --out DIR [--stage STAGE] [--region REGION]`: write each stack's synthesized
 * CloudFormation template (JSON) to DIR, offline, through the code path the tests use.
 */
const usage = "usage: npm run synth -- --out DIR [--stage STAGE] [--region REGION] [--account ID]";
let values: { out?: string; stage?: string; region?: string; account?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      out: { type: "string" },
      stage: { type: "string" },
      region: { type: "string" },
      account: { type: "string" },
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
  const { stacks } = await synthesize({
    ...(values.stage ? { stage: values.stage } : {}),
    ...(values.region ? { region: values.region } : {}),
    ...(values.account ? { account: values.account } : {}),
  });
  mkdirSync(out, { recursive: true });
  for (const { stackName, template } of Object.values(stacks)) {
    const file = join(out, `${stackName}.template.json`);
    writeFileSync(file, `${JSON.stringify(template.toJSON(), null, 2)}\n`);
    process.stdout.write(`${file}\n`);
  }
} catch (error) {
  process.stderr.write(`synth failed: ${(error as Error).message}\n`);
  process.exit(1);
}
