/**
 * esbuild options of every Lambda bundle: serverless-esbuild reads them (`custom.esbuild.config` in
 * serverless.yml) and `npm run bench:cold-start` bundles with the same ones.
 *
 * Everything is bundled, the AWS SDK included, and minified. What keeps the bundle small (see
 * docs/deploy.md, "Bundle"):
 * - `mainFields: module, main`: packages without an `exports` map (graphql, the AWS SDK's `dist-es`)
 *   give their ES modules, which esbuild tree-shakes; their CommonJS builds are single blobs.
 * - One graphql: deep `graphql/...` imports (ours, graphql-jit's) get graphql's `.mjs` files, as
 *   `graphql` itself does (its `instanceof` checks need one copy of each class, and its CommonJS
 *   files would bring all of it).
 * - graphql-jit's ES modules import their siblings' CommonJS builds ("./execution.js"); they get the
 *   ES ones, so graphql-jit tree-shakes and imports graphql as ES too.
 * - graphql-jit's optional JSON-schema serializer (fast-json-stringify and ajv, 0.23 MB) is left out:
 *   src/graphql/execution.ts leaves `customJSONSerializer` off; turned on, it fails naming this file.
 * - Source maps without the sources (`sourcesContent: false`): stack traces still name our files
 *   and lines, and Node reads a third of the map at load under `--enable-source-maps`.
 * - The AWS SDK's default credential chain is src/lambdaCredentials.ts: the environment variables
 *   Lambda sets, or the container credentials endpoint. The chain's other links (files, SSO,
 *   processes, web identity, instance metadata) never apply on Lambda and brought 0.1 MB of clients.
 * - The AWS SDK's event streams (loaded by an operation that streams events; none of the API's does)
 *   are left out: such an operation would fail, naming this file.
 * - Of each AWS SDK client's package.json, which it imports whole for its user agent, only `version`.
 * - DynamoDB's endpoint cache gets lru-cache (the GraphQL server's document cache) instead of
 *   mnemonist's (the same four calls).
 *
 * The rest is for Apollo Server, which the API no longer runs on: `bench:cold-start` bundles the
 * Apollo floor (Apollo Server, its Lambda integration, the schema, one client) with these options,
 * as any API on Apollo Server would be bundled.
 * - One copy of each dual package: a CommonJS `require()` of Apollo Server (from
 *   @as-integrations/aws-lambda) gets the same ES build that `import` does, instead of a second
 *   Apollo Server with its own graphql-tools chain. Two copies of one version of a package (npm nests
 *   them when another version is hoisted, as with lru-cache under Apollo Server) are bundled once.
 * - @apollo/utils.createhash is its own Node branch (node:crypto). Bundled, the package cannot see
 *   `module.require` and falls back to sha.js, a pure-JS hash with a dozen polyfill packages.
 * - Apollo Studio's reporting plugins (usage reporting, inline traces, schema reporting) are left
 *   out: they bring a 200 KB protobuf library. Should one ever be switched on, the server fails at
 *   start, naming the plugin.
 * - Apollo Server's probe for graphql 17 (`import("graphql")`, for incremental delivery) gets only
 *   `version`: the whole namespace kept every export of graphql in the bundle. Only while the bundled
 *   graphql is 16, whose answer to the probe is known.
 * - Apollo Server's makeExecutableSchema (graphql-tools, a tenth of the bundle) is left out: Apollo
 *   building a schema from `typeDefs` fails at start, naming this file.
 */
/* global __dirname, process */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS, loaded with require() by serverless-esbuild and the bench
const { existsSync, readFileSync, realpathSync } = require("node:fs");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
const { dirname, join, relative } = require("node:path");

// Its real path: deploy/package.ts packages a copy of the project whose node_modules is a link, and
// esbuild resolves packages to their real paths; a plugin's path through the link would be a second copy.
const nodeModules = realpathSync(join(__dirname, "node_modules"));

/** A CommonJS `require()` of these packages resolves to their ES build, as our `import`s do. */
const ONE_COPY_PACKAGES = /^(@apollo\/server|lru-cache)(\/.*)?$/;

/** The folder and version of the package a resolved file belongs to (its nearest package.json with a name). */
function packageOf(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (!existsSync(manifest)) continue;
    const { name, version } = JSON.parse(readFileSync(manifest, "utf8"));
    if (name && version) return { dir, id: `${name}@${version}` };
  }
  return undefined;
}

/** @type {import("esbuild").Plugin} */
const oneCopyOfDualPackages = {
  name: "one-copy-of-dual-packages",
  setup(build) {
    // The first folder bundled for each name@version; another copy of it resolves into this one.
    const firstCopy = new Map();
    build.onResolve({ filter: ONE_COPY_PACKAGES }, async (args) => {
      if (args.pluginData === "one-copy") return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind === "require-call" ? "import-statement" : args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: "one-copy",
      });
      if (resolved.errors.length > 0) return undefined;
      const owner = packageOf(resolved.path);
      if (!owner) return { path: resolved.path };
      const first = firstCopy.get(owner.id) ?? owner.dir;
      firstCopy.set(owner.id, first);
      return { path: join(first, relative(owner.dir, resolved.path)) };
    });
    build.onResolve({ filter: /^graphql\/.+/ }, (args) => {
      if (args.path.endsWith(".mjs")) return undefined;
      const esm = join(nodeModules, `${args.path.replace(/\.js$/, "")}.mjs`);
      return existsSync(esm) ? { path: esm } : undefined;
    });
  },
};

/**
 * A plugin that bundles `contents(path)` (an ES module) in place of each module matching `filter` for
 * which `when(args)` holds (who imports it, and how).
 * @returns {import("esbuild").Plugin}
 */
function replaceModule(name, filter, when, contents) {
  return {
    name,
    setup(build) {
      build.onResolve({ filter }, (args) => (when(args) ? { path: args.path, namespace: name } : undefined));
      build.onLoad({ filter: /.*/, namespace: name }, (args) => ({
        contents: contents(args.path),
        loader: "js",
        resolveDir: __dirname,
      }));
    },
  };
}

const importedBy = (pattern) => (args) => pattern.test(args.importer);
const APOLLO_SERVER = /[\\/]@apollo[\\/]server[\\/]/;
const always = () => true;

const nodeCreateHash = replaceModule(
  "apollo-createhash-node",
  /^@apollo\/utils\.createhash$/,
  always,
  () => 'export { createHash } from "node:crypto";',
);

const STUDIO_PLUGINS = /\/plugin\/(usageReporting|inlineTrace|schemaReporting)\/index\.js$/;

const noApolloStudioPlugins = replaceModule(
  "no-apollo-studio-plugins",
  STUDIO_PLUGINS,
  importedBy(APOLLO_SERVER),
  (path) => {
    const name = STUDIO_PLUGINS.exec(path)[1];
    const plugin = `ApolloServerPlugin${name[0].toUpperCase()}${name.slice(1)}`;
    return `export function ${plugin}() { throw new Error("${plugin} is not bundled (esbuild.config.js)"); }`;
  },
);

/** @type {import("esbuild").Plugin} */
const lambdaCredentials = {
  name: "lambda-credentials",
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: join(__dirname, "src", "lambdaCredentials.ts"),
    }));
  },
};

const graphqlVersion = JSON.parse(readFileSync(join(nodeModules, "graphql", "package.json"), "utf8")).version;

// The version itself rather than graphql's namespace: a module imported dynamically is initialised on
// demand, and so would be every module it imports (all of graphql, compiled twice at load).
const graphql16Probe = replaceModule(
  "apollo-graphql-17-probe",
  /^graphql$/,
  (args) => graphqlVersion.startsWith("16.") && args.kind === "dynamic-import" && APOLLO_SERVER.test(args.importer),
  () => `export const version = ${JSON.stringify(graphqlVersion)};`,
);

const noApolloSchemaBuilder = replaceModule(
  "no-apollo-schema-builder",
  /^@graphql-tools\/schema$/,
  importedBy(APOLLO_SERVER),
  () =>
    'export function makeExecutableSchema() { throw new Error("Apollo Server\'s makeExecutableSchema is not bundled (esbuild.config.js): pass `schema`"); }',
);

const noEventStreams = replaceModule(
  "no-event-streams",
  /^@smithy\/core\/event-streams$/,
  (args) => args.kind === "dynamic-import",
  () =>
    'throw new Error("The AWS SDK\'s event streams are not bundled (esbuild.config.js): no operation the API calls has one");',
);

/** @type {import("esbuild").Plugin} */
const sdkClientVersionOnly = {
  name: "sdk-client-version-only",
  setup(build) {
    // Each client's runtimeConfig imports its whole package.json (about 2 KB) for `version`, its user agent's.
    build.onLoad({ filter: /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]package\.json$/ }, (args) => {
      const { version } = JSON.parse(readFileSync(args.path, "utf8"));
      return { contents: JSON.stringify({ version }), loader: "json" };
    });
  },
};

// DynamoDB's endpoint discovery cache (made by every client, used only with discovery on) needs an
// LRU; the document cache's lru-cache is bundled anyway, so mnemonist (7 KB) is not.
const endpointCacheOnLruCache = replaceModule(
  "endpoint-cache-on-lru-cache",
  /^mnemonist\/lru-cache$/,
  importedBy(/[\\/]@aws-sdk[\\/]endpoint-cache[\\/]/),
  () =>
    'import { LRUCache } from "lru-cache"; export default class extends LRUCache { constructor(capacity) { super({ max: capacity }); } }',
);

/** @type {import("esbuild").Plugin} */
const graphqlJitEsm = {
  name: "graphql-jit-esm",
  setup(build) {
    // graphql-jit's ES modules import their siblings as "./x.js" or "./x", its CommonJS files: bundled
    // so, graphql-jit would be CommonJS, and with it all of graphql (it requires graphql whole).
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!/[\\/]graphql-jit[\\/]dist[\\/][^\\/]+\.mjs$/.test(args.importer)) return undefined;
      const esm = join(dirname(args.importer), `${args.path.replace(/\.js$/, "")}.mjs`);
      return existsSync(esm) ? { path: esm } : undefined;
    });
  },
};

// graphql-jit imports fast-json-stringify (and with it ajv: 0.23 MB) for its `customJSONSerializer`
// option, which src/graphql/execution.ts leaves off: answers are serialized with JSON.stringify.
const noJitJsonSerializer = replaceModule(
  "no-jit-json-serializer",
  /^fast-json-stringify$/,
  importedBy(/[\\/]graphql-jit[\\/]/),
  () =>
    'export default function fastJson() { throw new Error("graphql-jit\'s customJSONSerializer is not bundled (esbuild.config.js)"); }',
);

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
    plugins: [
      oneCopyOfDualPackages,
      nodeCreateHash,
      noApolloStudioPlugins,
      noApolloSchemaBuilder,
      graphql16Probe,
      lambdaCredentials,
      noEventStreams,
      sdkClientVersionOnly,
      endpointCacheOnLruCache,
      graphqlJitEsm,
      noJitJsonSerializer,
    ],
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
