/**
 * A local Serverless plugin with one job: let osls accept the top-level `build` key of serverless.yml.
 *
 * Serverless Framework v4 needs `build: { esbuild: false }` to leave bundling to serverless-esbuild
 * (its PluginManager.addPlugin throws PLUGIN_TYPESCRIPT_CONFLICT otherwise), and knows the key: its
 * configuration schema declares `build` (packages/serverless/lib/config-schema.js). osls has no such
 * key, and validates the configuration in "error" mode, so it refuses `build` as an unrecognized
 * property. This plugin declares the key where the framework lacks it, and only the value v4 needs,
 * so any other use of `build` still fails validation under osls. Under v4 it does nothing.
 */
"use strict";

const BUILD_SCHEMA = {
  type: "object",
  properties: { esbuild: { const: false } },
  required: ["esbuild"],
  additionalProperties: false,
};

class BuildKey {
  constructor(serverless) {
    const handler = serverless.configSchemaHandler;
    const properties = handler && handler.schema && handler.schema.properties;
    // v4 (and any framework that knows `build`) validates it with its own schema.
    if (properties && !properties.build) handler.defineTopLevelProperty("build", BUILD_SCHEMA);
  }
}

module.exports = BuildKey;
module.exports.BUILD_SCHEMA = BUILD_SCHEMA;
