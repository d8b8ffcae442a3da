/**
 * esbuild options of every Lambda bundle: serverless-esbuild reads them (`custom.esbuild.config` in
 * serverless.yml) and `npm run bench:cold-start` bundles with the same ones.
 *
 * Everything is bundled, the AWS SDK included, and minified. What keeps the bundle small (see
 * docs/deploy.md, "Bundle"):
 * - `mainFields: module, main`: packages without an `exports` map (graphql, the AWS SDK's `dist-es`)
 *   give their ES modules, which esbuild tree-shakes; their CommonJS builds are single blobs.
 * - One copy of each dual package: a CommonJS `require()` of Apollo Server (from
 *   @as-integrations/aws-lambda) gets the same ES build our code imports, instead of a second
 *   Apollo Server with its own graphql-tools chain; deep `graphql/...` imports get graphql's `.mjs`
 *   files, so there is one graphql (its `instanceof` checks need one copy of each class).
 * - @apollo/utils.createhash is its own Node branch (node:crypto). Bundled, the package cannot see
 *   `module.require` and falls back to sha.js, a pure-JS hash with a dozen polyfill packages.
 * - Apollo Studio's reporting plugins (usage reporting, inline traces, schema reporting) are left
 *   out: src/graphql/server.ts switches them off, and they bring a 200 KB protobuf library (a quarter
 *   of the bundle, about 5% of the load time). Should one ever be switched on, the server fails at
 *   start, naming the plugin.
 * - Source maps without the sources (`sourcesContent: false`): stack traces still name our files
 *   and lines, and Node reads a third of the map at load under `--enable-source-maps`.
 */
/* global __dirname, process */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS, loaded with require() by serverless-esbuild and the bench
const { existsSync, realpathSync } = require("node:fs");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
const { join, relative } = require("node:path");

// Its real path: deploy/package.ts packages a copy of the project whose node_modules is a link, and
// esbuild resolves packages to their real paths; a plugin's path through the link would be a second copy.
const nodeModules = realpathSync(join(__dirname, "node_modules"));

/** A CommonJS `require()` of these packages resolves to their ES build, as our `import`s do. */
const ONE_COPY_PACKAGES = /^@apollo\/server(\/.*)?$/;

/** @type {import("esbuild").Plugin} */
const oneCopyOfDualPackages = {
  name: "one-copy-of-dual-packages",
  setup(build) {
    build.onResolve({ filter: ONE_COPY_PACKAGES }, async (args) => {
      if (args.kind !== "require-call" || args.pluginData === "one-copy") return undefined;
      const resolved = await build.resolve(args.path, {
        kind: "import-statement",
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: "one-copy",
      });
      return resolved.errors.length > 0 ? undefined : { path: resolved.path };
    });
    build.onResolve({ filter: /^graphql\/.+/ }, (args) => {
      if (/\.m?js$/.test(args.path)) return undefined;
      const esm = join(nodeModules, `${args.path}.mjs`);
      return existsSync(esm) ? { path: esm } : undefined;
    });
  },
};

/** @type {import("esbuild").Plugin} */
const nodeCreateHash = {
  name: "apollo-createhash-node",
  setup(build) {
    build.onResolve({ filter: /^@apollo\/utils\.createhash$/ }, () => ({
      path: "@apollo/utils.createhash",
      namespace: "node-createhash",
    }));
    build.onLoad({ filter: /.*/, namespace: "node-createhash" }, () => ({
      contents: 'export { createHash } from "node:crypto";',
      loader: "js",
    }));
  },
};

const STUDIO_PLUGINS = /\/plugin\/(usageReporting|inlineTrace|schemaReporting)\/index\.js$/;

/** @type {import("esbuild").Plugin} */
const noApolloStudioPlugins = {
  name: "no-apollo-studio-plugins",
  setup(build) {
    build.onResolve({ filter: STUDIO_PLUGINS }, (args) =>
      /[\\/]@apollo[\\/]server[\\/]/.test(args.importer)
        ? { path: args.path, namespace: "apollo-studio-stub" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "apollo-studio-stub" }, (args) => {
      const name = STUDIO_PLUGINS.exec(args.path)[1];
      const plugin = `ApolloServerPlugin${name[0].toUpperCase()}${name.slice(1)}`;
      return {
        contents: `export function ${plugin}() { throw new Error("${plugin} is not bundled (esbuild.config.js)"); }`,
        loader: "js",
      };
    });
  },
};

/** The options esbuild itself takes (the bench passes them to esbuild.build). */
function esbuildOptions() {
  return {
    bundle: true,
    minify: true,
    sourcemap: "linked",
    sourcesContent: false,
    platform: "node",
    format: "cjs",
    target: "node22",
    mainFields: ["module", "main"],
    plugins: [oneCopyOfDualPackages, nodeCreateHash, noApolloStudioPlugins],
  };
}

/** serverless-esbuild's defaults, which an option replaces rather than extends. */
const WATCH_IGNORED = [".esbuild", "dist", "node_modules", ".build"];

/**
 * Under `osls offline` started by `npm start`, the bundle is built in, and served from, the folder the
 * launcher names (API_BUILD_DIR, in its state folder): that stack's own, which packaging (a copy of the
 * project, deploy/package.ts) or another stack never touches. Anything else (`osls offline` by hand,
 * packaging) uses serverless-esbuild's `.esbuild/` of the service folder. serverless-esbuild joins the
 * folder to the service folder, so it is given relative to it; its watch (a rebuild when a .js or .ts
 * file changes) leaves the folder out, as it does `.esbuild/`.
 */
function workFolder(serverless) {
  const dir = process.env.API_BUILD_DIR;
  if (!dir || serverless.processedInput?.commands?.[0] !== "offline") return {};
  const folder = relative(serverless.serviceDir, dir);
  return { outputWorkFolder: folder, watch: { ignore: [...WATCH_IGNORED, folder] } };
}

/** serverless-esbuild calls this with the Serverless instance; `exclude` and the rest are its own options. */
module.exports = (serverless) => ({ ...esbuildOptions(), exclude: [], ...workFolder(serverless) });
module.exports.esbuildOptions = esbuildOptions;
