import type { App } from "sst/constructs";
import { Alerts } from "./Alerts.js";
import type { StageConfig } from "./config.js";
import { provideStageConfig } from "./context.js";
import { Organization } from "./Organization.js";
import { Rules } from "./Rules.js";

/** Define every stack of the app for a validated stage configuration. */
function configureApp(app: App, config: StageConfig): void {
  provideStageConfig(app, config);
  if (config.mode === "organization") app.stack(Alerts).stack(Organization);
  else app.stack(Alerts).stack(Rules);
}

export { Alerts, configureApp, Organization, Rules };
