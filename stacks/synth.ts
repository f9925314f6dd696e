import { Aspects, type IAspect } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { App, getStack } from "sst/constructs";
import { initProject, useProject } from "sst/project.js";
import sstConfig from "../sst.config.js";
import { Alerts } from "./Alerts.js";
import type { StageConfig } from "./config.js";
import { configureApp } from "./index.js";
import { memberTemplateOf, Organization } from "./Organization.js";
import { Remediation } from "./Remediation.js";
import { Rules } from "./Rules.js";
import { reuseFunctionBuilds } from "./synth-cache.js";

/**
 * Offline synthesis of the app's CloudFormation, the way `sst deploy` builds it but without AWS:
 * SST's test path (`initProject` with an explicit stage, `App` in deploy mode, `app.finish()`
 * with NODE_ENV=test, which skips the lookup of the account's SST bootstrap stack). Functions are
 * bundled with esbuild as for a deployment. Used by the tests and by `npm run synth`.
 */

interface SynthOptions {
  stage?: string;
  region?: string;
  account?: string;
  /** A stage configuration to use instead of the one sst.config.ts resolves from stacks/stages.ts. */
  config?: StageConfig;
  /** Aspects applied to the whole app before synthesis (the tests' cdk-nag rule packs). */
  aspects?: readonly IAspect[];
}

interface Synthesized {
  app: App;
  /** Stack construct id (`Alerts`, `Rules` or `Organization`) → its stack name and template. */
  stacks: Record<string, { stackName: string; template: Template }>;
  /** Organization mode: the member template the StackSet deploys (`<stage>-<app>-Member`). */
  member?: { stackName: string; template: Template };
}

const STACKS = { Alerts, Rules, Organization, Remediation } as const;
let project: Promise<void> | undefined;

async function synthesize(options: SynthOptions = {}): Promise<Synthesized> {
  const stage = options.stage ?? "test";
  // initProject without a stage prompts for one on stdin; always pass it.
  project ??= initProject({ stage });
  await project;
  const cache = process.env.MIGRATION_GUARD_SYNTH_CACHE;
  if (cache) reuseFunctionBuilds(cache);
  // NODE_ENV=test: SST skips its bootstrap lookup. SST runs `npm install` (nothing to install)
  // in each function's build directory: keep npm offline and quiet there.
  const offline: Record<string, string> = {
    NODE_ENV: "test",
    npm_config_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
  };
  const previous = Object.fromEntries(Object.keys(offline).map((k) => [k, process.env[k]]));
  Object.assign(process.env, offline);
  try {
    const app = new App({
      mode: "deploy",
      stage,
      name: useProject().config.name,
      region: options.region ?? "us-east-1",
      account: options.account ?? "123456789012",
    });
    if (options.config) configureApp(app, options.config);
    else await sstConfig.stacks(app);
    for (const aspect of options.aspects ?? []) Aspects.of(app).add(aspect);
    await app.finish();
    const stacks: Synthesized["stacks"] = {};
    for (const [id, fn] of Object.entries(STACKS)) {
      let stack: ReturnType<typeof getStack>;
      try {
        stack = getStack(fn);
      } catch {
        continue; // not part of this mode
      }
      stacks[id] = { stackName: stack.stackName, template: Template.fromStack(stack) };
    }
    const member = memberTemplateOf(app);
    return {
      app,
      stacks,
      ...(member
        ? { member: { stackName: app.logicalPrefixedName("Member"), template: Template.fromJSON(member) } }
        : {}),
    };
  } finally {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

export type { Synthesized, SynthOptions };
export { synthesize };
