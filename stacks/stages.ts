import type { StageSettings } from "./config.js";

/**
 * Per-stage settings (see StageSettings in stacks/config.ts for each one and its default).
 * `default` applies to every stage; a stage's own entry overrides it setting by setting.
 *
 * Example:
 *   prod: {
 *     region: "eu-west-1",
 *     alertEmails: ["cloud-security@example.com"],
 *     ruleParameters: { "dms-endpoint-tls": { minimumLevel: "strongest" } },
 *   },
 */
const STAGES: Readonly<Record<string, StageSettings>> = {
  default: {
    globalRegion: "us-east-1",
    recorder: false,
  },
};

export { STAGES };
