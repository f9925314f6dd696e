import { readFileSync } from "node:fs";
import { findRule } from "@migration-guard/core";
import { FACTS } from "@migration-guard/core/aws/facts.js";
import { KINDS } from "@migration-guard/core/aws/kinds.js";
import { SDK_SERVICES, type SdkService } from "@migration-guard/core/aws/sdk.js";
import { remediationOf } from "@migration-guard/core/remediate/plan.js";
import { parseRemediationEnvironment } from "@migration-guard/core/remediate/settings.js";
import type { AnyRule } from "@migration-guard/core/rules/types.js";

/**
 * How each Lambda function is bundled, derived from the AWS services its code calls.
 *
 * The SDK v3 clients are bundled (esbuild, ESM, minified, `mainFields: module,main` so the SDK's
 * ES modules tree-shake to what packages/core/src/aws/sdk/ imports), with code splitting: each
 * service's client is a chunk loaded by its first `import()` (aws/sdk.ts). The services a function
 * never calls are left out of its bundle (`process.env.MIGRATION_GUARD_OMIT_<SERVICE>` defined as
 * `"1"`). Measured by `npm run bench` (bench/results.json, `functions[].options`): loading the
 * runtime's own `@aws-sdk/*` packages (external) took 1.5–4× as long on Node 20 and 22, EC2's
 * package most of all, since it loads every one of EC2's commands and schemas; bundled, each
 * function stays under the 1.5 MB budget, the clients' schema modules tree-shaken to the shapes
 * their commands reach (`sdkSchemaLiteralKeys`). AWS recommends bundling and tree-shaking SDK v3
 * clients for cold starts:
 * https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/lambda-optimize-starttime.html
 */

/** The services a periodic or change-triggered run of `rule` calls: its kind, its facts, and AWS Config. */
function ruleSdkServices(rule: AnyRule): SdkService[] {
  const operations = [
    ...KINDS[rule.resourceKind].operations,
    ...rule.facts.flatMap((fact) => FACTS[fact].operations),
  ];
  const services = new Set<string>(["config", ...operations.map((o) => o.service)]);
  return SDK_SERVICES.filter((s) => services.has(s));
}

/**
 * The services a function's bundle carries, from its handler and environment (as stacks/ set
 * them): a rule's function its rule's services (and STS in organization mode, to assume the
 * member role); notify SNS (and Organizations for account names); trigger AWS Config (and STS in
 * organization mode); remediate, for each rule its REMEDIATION_SETTINGS enable, the rule's services
 * (it re-reads live state), those of the remediation's reads and writes, STS (its account id) and
 * SNS (it publishes each applied action). Any other handler carries every service.
 */
function functionSdkServices(handler: string, environment: Record<string, string>): SdkService[] {
  const entry = handler.replace(/\.[^./]+$/, "");
  const withSts = (services: SdkService[], sts: boolean) =>
    SDK_SERVICES.filter((s) => services.includes(s) || (sts && s === "sts"));
  if (entry === "functions/evaluate") {
    const rule = findRule(environment.RULE_NAME ?? "");
    if (rule) return withSts(ruleSdkServices(rule), environment.MEMBER_ROLE_NAME !== undefined);
  }
  if (entry === "functions/notify")
    return environment.ACCOUNT_NAMES === "organizations" ? ["organizations", "sns"] : ["sns"];
  // Organization mode: the trigger assumes the member role (STS) to re-evaluate in the member.
  if (entry === "functions/trigger") return withSts(["config"], environment.MEMBER_ROLE_NAME !== undefined);
  if (entry === "functions/remediate" && environment.REMEDIATION_SETTINGS !== undefined) {
    // STS: the account id (GetCallerIdentity) scopes the live evaluation.
    const services = new Set<string>(["sns", "sts"]);
    for (const name of Object.keys(parseRemediationEnvironment(environment.REMEDIATION_SETTINGS))) {
      const rule = findRule(name);
      for (const s of rule ? ruleSdkServices(rule) : SDK_SERVICES) services.add(s);
      const remediation = remediationOf(name);
      for (const action of [...(remediation?.reads ?? []), ...(remediation?.writes ?? [])])
        services.add(action.slice(0, action.indexOf(":")));
    }
    return SDK_SERVICES.filter((s) => services.has(s));
  }
  return [...SDK_SERVICES];
}

/** The esbuild `define` that leaves out of a bundle every service not in `services`. */
function omitDefine(services: readonly SdkService[]): Record<string, string> {
  return Object.fromEntries(
    SDK_SERVICES.filter((s) => !services.includes(s)).map((s) => [
      `process.env.MIGRATION_GUARD_OMIT_${s.toUpperCase()}`,
      '"1"',
    ]),
  );
}

/**
 * The part of esbuild's plugin API the bundling uses: the same in SST's esbuild (0.18, which builds
 * the deployed functions) and the bench's (0.28), whose full `Plugin` types differ.
 */
interface OnLoadPlugin {
  name: string;
  setup(build: {
    onLoad(
      options: { filter: RegExp },
      callback: (args: { path: string }) => { contents: string; loader: "js" },
    ): void;
  }): void;
}

/**
 * zod's classic API (`import * as z from "zod"`, also what the Powertools parser imports) re-exports
 * every locale as `z.locales`, so no bundler can drop them: 266 KB of the 637 KB a rule's entry
 * chunk weighed, all parsed on every cold start. The code only ever uses the English messages zod
 * configures by default (classic/external.js: `config(en())`), so the bundle's locale index exports
 * `en` alone. SST v2 passes `nodejs.esbuild` (plugins included) to esbuild as it is.
 */
const zodEnglishOnly: OnLoadPlugin = {
  name: "zod-english-only",
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";',
      loader: "js",
    }));
  },
};

/**
 * An SDK client's schema module (`dist-es/schemas/schemas_0.js`) declares every shape of the
 * service as `export var X$ = [...]`, its query-protocol traits as computed keys over the module's
 * string constants (`{ [_xN]: _m }`, `_xN` being `const _xN = "xmlName"`). A bundler must keep a
 * statement whose object literal has a computed key (converting the key may run code), so none of
 * those shapes tree-shake: EC2's module stayed whole in every bundle (552 KB of 831 KB minified, for
 * two operations), which is why EC2 was once left to the runtime's package (220 ms to load on
 * Node 22). Written as the plain string each constant is, the keys are literal, and only the shapes
 * the bundled commands reach stay (the module's own `const` declarations are the only names
 * replaced; a key naming anything else stays computed).
 */
const sdkSchemaLiteralKeys: OnLoadPlugin = {
  name: "sdk-schema-literal-keys",
  setup(build) {
    build.onLoad(
      { filter: /[\\/]@aws-sdk[\\/]client-[a-z0-9-]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/ },
      (args) => ({
        contents: literalSchemaKeys(readFileSync(args.path, "utf8")),
        loader: "js",
      }),
    );
  },
};

/** `text` with every computed key `[_name]:` whose `_name` the module declares as a string constant written as that string. */
function literalSchemaKeys(text: string): string {
  const constants = new Map<string, string>();
  for (const m of text.matchAll(/^const (_\w+) = ("(?:[^"\\\n]|\\.)*");$/gm))
    if (m[1] && m[2]) constants.set(m[1], m[2]);
  return text.replace(/\[(_\w+)\]:/g, (key, name: string) => {
    const value = constants.get(name);
    return value === undefined ? key : `${value}:`;
  });
}

/** SST's `nodejs` props for a function whose code calls `services`. */
function nodejsBundling(services: readonly SdkService[]) {
  return {
    format: "esm" as const,
    minify: true,
    sourcemap: false,
    splitting: true,
    esbuild: {
      target: "node22",
      // MIGRATION_GUARD_BUNDLED: the function loads its bundle's SDK clients at init (aws/sdk.ts preloadBundledSdk).
      define: { ...omitDefine(services), "process.env.MIGRATION_GUARD_BUNDLED": '"1"' },
      plugins: [zodEnglishOnly, sdkSchemaLiteralKeys],
    },
  };
}

/** The largest deployed bundle (every output file of one function), in bytes. */
const MAX_BUNDLE_BYTES = 1_500_000;

export {
  functionSdkServices,
  literalSchemaKeys,
  MAX_BUNDLE_BYTES,
  nodejsBundling,
  omitDefine,
  ruleSdkServices,
  sdkSchemaLiteralKeys,
  zodEnglishOnly,
};
