import type { App } from "sst/constructs";
import { Alerts } from "./Alerts.js";
import type { StageConfig } from "./config.js";
import { provideStageConfig } from "./context.js";
import { Organization } from "./Organization.js";
import { Remediation } from "./Remediation.js";
import { Rules } from "./Rules.js";

/** Define every stack of the app for a validated stage configuration. */
function configureApp(app: App, config: StageConfig): void {
  provideStageConfig(app, config);
  if (config.mode === "organization") app.stack(Alerts).stack(Organization);
  else app.stack(Alerts).stack(Rules);
  if (config.mode !== "organization" && Object.keys(config.remediation).length > 0) app.stack(Remediation);
}

export { Alerts, configureApp, Organization, Remediation, Rules };
