import type { SSTConfig } from "sst";
import { resolveStageConfig } from "./stacks/config.js";
import { configureApp } from "./stacks/index.js";
import { STAGES } from "./stacks/stages.js";

/**
 * migration-guard: `npx sst deploy --stage <stage> [--region <region>]` deploys the rules of the
 * registry to one account and region. Stage settings live in stacks/stages.ts.
 */
export default {
  config(input) {
    const stage = input.stage ?? "dev";
    return { name: "migration-guard", region: input.region ?? resolveStageConfig(stage, STAGES).region };
  },
  stacks(app) {
    configureApp(app, resolveStageConfig(app.stage, STAGES));
  },
} satisfies SSTConfig;
