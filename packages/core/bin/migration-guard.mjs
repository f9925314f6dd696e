#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so the repository needs no build step.
import { register } from "tsx/esm/api";

// Node 20 is a supported runtime for the CLI; the SDK's upgrade notice would only clutter the report.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
