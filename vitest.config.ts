import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/moto.ts", "test/setup/synth-cache.ts"],
    testTimeout: 120_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    reporters: ["default", "./test/setup/summary-reporter.ts"],
    hookTimeout: 60_000,
    coverage: { provider: "v8", include: ["packages/core/src/**", "functions/**", "stacks/**"] },
  },
});
