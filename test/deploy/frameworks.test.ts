/**
 * One serverless.yml for osls (the project's, which the other deploy tests package) and Serverless
 * Framework v4 (which cannot run here: its npm package downloads the framework at run time). v4's rules
 * are read from its published source, serverless/serverless at b9d7ea51 (August 2026):
 *
 * - packages/serverless/lib/classes/plugin-manager.js, `typescriptPlugins` (line 220) and
 *   `PluginManager.addPlugin` (lines 320-329):
 *     if (typescriptPlugins.includes(pluginName) && this.serverless.service.build?.esbuild !== false)
 *       throw new ServerlessError(errorMessage, 'PLUGIN_TYPESCRIPT_CONFLICT')
 *   with typescriptPlugins = serverless-esbuild, serverless-plugin-typescript, serverless-webpack,
 *   serverless-bundle.
 * - packages/serverless/lib/classes/service.js (line 95): `this.build = configurationInput.build`, the
 *   file's value (variables are resolved before plugins load: packages/sf-core/src/lib/runners/
 *   framework.js, resolveVariables, then `serverless.init()`).
 * - packages/serverless/lib/config-schema.js (line 93): v4 declares `build` itself (a string, or an
 *   object).
 *
 * osls validates in "error" mode by default and has no `build` key: deploy/build-key.js declares it.
 */
import { join } from "node:path";
import { projectRoot } from "../../deploy/package";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- osls's own reader: the YAML as both frameworks parse it
const readConfiguration = require("osls/lib/configuration/read") as (path: string) => Promise<Record<string, unknown>>;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS plugin osls and v4 load
const BuildKey = require("../../deploy/build-key.js") as (new (serverless: unknown) => unknown) & {
  BUILD_SCHEMA: object;
};

type AjvClass = new () => { compile(schema: object): (value: unknown) => boolean };
const oslsAjv = require.resolve("ajv", { paths: [require.resolve("osls")] });
// eslint-disable-next-line @typescript-eslint/no-require-imports -- osls's own Ajv (8), not the root's (6)
const Ajv = (require(oslsAjv) as { default: AjvClass }).default;

/** v4's `typescriptPlugins` (plugin-manager.js, line 220). */
const V4_BUNDLER_PLUGINS = [
  "serverless-esbuild",
  "serverless-plugin-typescript",
  "serverless-webpack",
  "serverless-bundle",
];

let config: Record<string, unknown>;

beforeAll(async () => {
  config = await readConfiguration(join(projectRoot, "serverless.yml"));
});

test("v4: a bundler plugin is listed, so `build.esbuild` is false (no PLUGIN_TYPESCRIPT_CONFLICT)", () => {
  const plugins = config.plugins as string[];
  const bundlers = plugins.filter((plugin) => V4_BUNDLER_PLUGINS.includes(plugin));
  expect(bundlers).toEqual(["serverless-esbuild"]);
  // addPlugin compares with `!== false`: the boolean itself, written out (no variable to resolve).
  expect(config.build).toEqual({ esbuild: false });
  // And v4's schema takes it: `build` is a string or an object.
  expect(typeof config.build === "string" || (typeof config.build === "object" && config.build !== null)).toBe(true);
});

test("osls: the file keeps the default validation (error), names no frameworkVersion, and loads build-key first", () => {
  expect(config).not.toHaveProperty("configValidationMode");
  expect(config).not.toHaveProperty("frameworkVersion");
  expect((config.plugins as string[])[0]).toBe("./deploy/build-key.js");
});

describe("deploy/build-key.js", () => {
  interface Handler {
    schema: { properties: Record<string, unknown> };
    defineTopLevelProperty(name: string, schema: object): void;
  }

  /** A schema handler as osls's (and v4's) ConfigSchemaHandler: defining a known key is a collision. */
  function handler(properties: Record<string, unknown>): Handler {
    return {
      schema: { properties },
      defineTopLevelProperty(name, schema) {
        if (this.schema.properties[name]) throw new Error(`SCHEMA_COLLISION: ${name}`);
        this.schema.properties[name] = schema;
      },
    };
  }

  test("declares `build` to a framework without it (osls), allowing only `esbuild: false`", () => {
    const osls = handler({ service: {}, provider: {} });
    new BuildKey({ configSchemaHandler: osls });
    expect(osls.schema.properties.build).toBe(BuildKey.BUILD_SCHEMA);

    // Validated as osls validates: its own Ajv.
    const validate = new Ajv().compile(BuildKey.BUILD_SCHEMA);
    expect(validate({ esbuild: false })).toBe(true);
    expect(validate({ esbuild: true })).toBe(false);
    expect(validate({})).toBe(false);
    expect(validate({ esbuild: false, bundle: true })).toBe(false);
    expect(validate("esbuild")).toBe(false);
  });

  test("leaves a framework that declares `build` (v4) alone", () => {
    const v4Build = { anyOf: [{ type: "string" }, { type: "object", properties: {} }] };
    const v4 = handler({ service: {}, build: v4Build });
    expect(() => new BuildKey({ configSchemaHandler: v4 })).not.toThrow();
    expect(v4.schema.properties.build).toBe(v4Build);
  });
});
