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

/** @type {import("esbuild").Plugin} */
const lambdaCredentials = {
  name: "lambda-credentials",
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: join(__dirname, "src", "lambdaCredentials.ts"),
    }));
  },
};

/** @type {import("esbuild").Plugin} */
const graphql16Probe = {
  name: "apollo-graphql-17-probe",
  setup(build) {
    const { version } = JSON.parse(readFileSync(join(nodeModules, "graphql", "package.json"), "utf8"));
    if (!version.startsWith("16.")) return;
    build.onResolve({ filter: /^graphql$/ }, (args) =>
      args.kind === "dynamic-import" && /[\\/]@apollo[\\/]server[\\/]/.test(args.importer)
        ? { path: "graphql-version", namespace: "graphql-16-probe" }
        : undefined,
    );
    // The version itself rather than graphql's namespace: a module imported dynamically is initialised
    // on demand, and so would be every module it imports (all of graphql, compiled twice at load).
    build.onLoad({ filter: /.*/, namespace: "graphql-16-probe" }, () => ({
      contents: `export const version = ${JSON.stringify(version)};`,
      loader: "js",
    }));
  },
};

/** @type {import("esbuild").Plugin} */
const noApolloSchemaBuilder = {
  name: "no-apollo-schema-builder",
  setup(build) {
    build.onResolve({ filter: /^@graphql-tools\/schema$/ }, (args) =>
      /[\\/]@apollo[\\/]server[\\/]/.test(args.importer)
        ? { path: "@graphql-tools/schema", namespace: "apollo-schema-stub" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "apollo-schema-stub" }, () => ({
      contents:
        'export function makeExecutableSchema() { throw new Error("Apollo Server\'s makeExecutableSchema is not bundled (esbuild.config.js): pass `schema`"); }',
      loader: "js",
    }));
  },
};

/** @type {import("esbuild").Plugin} */
const noEventStreams = {
  name: "no-event-streams",
  setup(build) {
    build.onResolve({ filter: /^@smithy\/core\/event-streams$/ }, (args) =>
      args.kind === "dynamic-import"
        ? { path: "@smithy/core/event-streams", namespace: "event-streams-stub" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "event-streams-stub" }, () => ({
      contents:
        'throw new Error("The AWS SDK\'s event streams are not bundled (esbuild.config.js): no operation the API calls has one");',
      loader: "js",
    }));
  },
};

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

/** @type {import("esbuild").Plugin} */
const endpointCacheOnLruCache = {
  name: "endpoint-cache-on-lru-cache",
  setup(build) {
    // DynamoDB's endpoint discovery cache (made by every client, used only with discovery on) needs an
    // LRU; the document cache's lru-cache is bundled anyway, so mnemonist (7 KB) is not.
    build.onResolve({ filter: /^mnemonist\/lru-cache$/ }, (args) =>
      /[\\/]@aws-sdk[\\/]endpoint-cache[\\/]/.test(args.importer)
        ? { path: "mnemonist/lru-cache", namespace: "lru-on-lru-cache" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "lru-on-lru-cache" }, () => ({
      contents:
        'import { LRUCache } from "lru-cache"; export default class extends LRUCache { constructor(capacity) { super({ max: capacity }); } }',
      loader: "js",
      resolveDir: __dirname,
    }));
  },
};

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

/** @type {import("esbuild").Plugin} */
const noJitJsonSerializer = {
  name: "no-jit-json-serializer",
  setup(build) {
    // graphql-jit imports fast-json-stringify (and with it ajv: 0.23 MB) for its `customJSONSerializer`
    // option, which src/graphql/execution.ts leaves off: answers are serialized with JSON.stringify.
    build.onResolve({ filter: /^fast-json-stringify$/ }, (args) =>
      /[\\/]graphql-jit[\\/]/.test(args.importer)
        ? { path: "fast-json-stringify", namespace: "jit-serializer-stub" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "jit-serializer-stub" }, () => ({
      contents:
        'export default function fastJson() { throw new Error("graphql-jit\'s customJSONSerializer is not bundled (esbuild.config.js)"); }',
      loader: "js",
    }));
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
