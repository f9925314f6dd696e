import type { DeployedRule } from "@migration-guard/core";
import type { App } from "sst/constructs";
import { rulesForRegion, type StageConfig } from "./config.js";

/**
 * The validated stage configuration of an app, handed to its stacks (SST functional stacks take
 * only `{ app, stack }`), and what the stacks derive from it and the registry.
 */
const configs = new WeakMap<App, StageConfig>();

function provideStageConfig(app: App, config: StageConfig): void {
  configs.set(app, config);
}

function useStageConfig(app: App): StageConfig {
  const config = configs.get(app);
  if (!config) throw new Error("stage configuration not provided: call configureApp(app, config) first");
  return config;
}

/** The registry rules this app deploys in its region, with their AWS Config rule names. */
function deployedRules(app: App): DeployedRule[] {
  const config = useStageConfig(app);
  return rulesForRegion(config, app.region).map((rule) => ({
    rule,
    configRuleName: `${config.configRuleNamePrefix}${rule.name}`,
  }));
}

/** `dms-endpoint-tls` → `DmsEndpointTls`, for construct ids. */
function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join("");
}

export { deployedRules, pascal, provideStageConfig, useStageConfig };
