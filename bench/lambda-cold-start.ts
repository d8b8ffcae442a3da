/**
 * Benchmark (not a test): the cold start of the GraphQL Lambda against two references, each bundled
 * with the options serverless.yml uses (esbuild.config.js):
 * - the Apollo floor (bench/support/coldStartApolloFloor.ts): Apollo Server, its Lambda integration,
 *   graphql-js, this project's schema from its SDL and one Chime client, resolvers answering
 *   constants; the least any API on Apollo Server loads, the reference the budget names (the API
 *   itself serves GraphQL without Apollo Server: src/graphql/http);
 * - a one-client hello (bench/support/coldStartHello.ts);
 * - for reference, a graphql-js floor (bench/support/coldStartGraphqlFloor.ts): the schema and one
 *   client behind graphql-js alone, no protection, no HTTP: how far any API on this schema could go.
 * Each is loaded in fresh Node processes, in turn (the order rotating every round), with the
 * environment the API has on AWS (pointing at nothing real) and serverless.yml's NODE_OPTIONS; no
 * network (connections fail inside the process). Prints the median module load of each (what Lambda's
 * init runs: require of the handler), the process start for context, the bundle sizes, and the
 * budgets' verdicts: module load <= 1.0x the floor and <= 2.0x the hello, bundle <= 0.70 MB.
 *
 * The handler deployed with `tracing=true` (handlers/graphqlTraced.ts: Powertools Tracer and the X-Ray
 * SDK, with Lambda's X-Ray variables) is loaded beside them: what turning tracing on costs a cold start.
 *
 * The API's load includes the JWKS prefetch, whose TLS connection is the process's first: Node's TLS
 * modules and root certificate store are set up then (the first request would pay it otherwise: the
 * JWKS and every Chime call go over TLS). The floor's resolvers answer constants, so it never connects;
 * both are also loaded after a first HTTPS connection, and that like-for-like ratio is the one the
 * floor budget is read by.
 *
 * Run: npm run bench:cold-start [-- <rounds>] [--profile] [--instructions]
 *   --profile       where the API's load goes: CPU profiles of 10 loads, by package (source-mapped)
 *   --instructions  the ratios again in instructions (valgrind's callgrind, if installed), which do not
 *                   vary with the machine's load: a second opinion on a busy machine
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { build, type BuildOptions } from "esbuild";
import { ProfileSummary, type CpuProfile } from "./support/cpuProfile";

const args = process.argv.slice(2);
const ROUNDS = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 25);
const PROFILE = args.includes("--profile");
const INSTRUCTIONS = args.includes("--instructions");
const BUDGETS = { floor: 1.0, hello: 2.0, helloStretch: 1.5, bundleBytes: 700_000 };
const root = join(__dirname, "..");

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS config serverless-esbuild reads
const { esbuildOptions } = require("../esbuild.config.js") as { esbuildOptions: () => BuildOptions };

/**
 * Runs in each fresh process: loads one bundle and writes its timings to file descriptor 3 (or, with
 * no descriptor 3, to nowhere: under valgrind only the instructions count). `--warm-tls` makes a first
 * HTTPS connection before the clock starts (to a host name, as the JWKS prefetch does; it fails at
 * once): Node's TLS modules, its root certificate store and the first connection's set-up, which any
 * API that calls AWS pays once.
 */
const LOADER = `
const net = require("node:net");
const { writeSync } = require("node:fs");
// The handler may start a request at load (the JWKS): it fails here, at once, and none leaves.
net.Socket.prototype.connect = function () {
  process.nextTick(() => this.destroy(new Error("No network in the cold-start benchmark")));
  return this;
};
if (process.argv.includes("--warm-tls")) {
  require("node:https").get("https://cognito-idp.us-east-1.amazonaws.com/").on("error", () => undefined);
}
// performance.now() counts from the process's start: "started" is Node's own boot.
const started = performance.now();
const { handler } = require(process.argv[2]);
const loaded = performance.now();
try {
  writeSync(3, JSON.stringify({ bootMs: started, loadMs: loaded - started, handler: typeof handler }) + "\\n");
} catch {}
process.exit(0);
`;

/** What the graphql function's configuration looks like on AWS, with made-up ids. */
function lambdaEnvironment(nodeOptions: string): NodeJS.ProcessEnv {
  const appInstanceArn = "arn:aws:chime:us-east-1:123456789012:app-instance/3f2a6c1e-8d4b-4e5f-9a0b-1c2d3e4f5a6b";
  return {
    PATH: process.env.PATH,
    NODE_OPTIONS: nodeOptions,
    // Set by Lambda.
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "ASIAEXAMPLEEXAMPLE00",
    AWS_SECRET_ACCESS_KEY: "example/example/example/example/example0",
    AWS_SESSION_TOKEN: "example",
    AWS_LAMBDA_FUNCTION_NAME: "chime-chat-api-dev-graphql",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "1024",
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
    // serverless.yml's environment.
    API_ENV: "aws",
    CHIME_APP_INSTANCE_ARN: appInstanceArn,
    CHIME_BACKEND_USER_ARN: `${appInstanceArn}/user/backend_worker`,
    CHIME_USER_ROLE_ARN: "arn:aws:iam::123456789012:role/chime-chat-api-dev-us-east-1-user",
    CHIME_SESSION_TAG_KEY: "my_applications_user_id",
    CREDENTIALS_DURATION_SECONDS: "3600",
    COGNITO_USER_POOL_ID: "us-east-1_AbCdEf123",
    COGNITO_CLIENT_ID: "1example23456789abcdefghij",
    ADMIN_GROUP: "admins",
    POWERTOOLS_SERVICE_NAME: "chime-chat-api-dev",
    POWERTOOLS_METRICS_NAMESPACE: "ChimeChatApi",
    POWERTOOLS_METRICS_DISABLED: "false",
    RATE_LIMIT_TABLE: "chime-chat-api-dev-RateLimitTable-1A2B3C4D5E6F",
    NODE_ENV: "production",
  };
}

/** What Lambda adds with Active tracing (the trace of the invocation, the X-Ray daemon's address). */
function tracedEnvironment(base: NodeJS.ProcessEnv, taskRoot: string): NodeJS.ProcessEnv {
  return {
    ...base,
    LAMBDA_TASK_ROOT: taskRoot,
    AWS_XRAY_DAEMON_ADDRESS: "169.254.79.129:2000",
    AWS_XRAY_CONTEXT_MISSING: "LOG_ERROR",
    _X_AMZN_TRACE_ID: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
  };
}

/** serverless.yml's NODE_OPTIONS (e.g. --enable-source-maps), so all load as they would on Lambda. */
function deployedNodeOptions(): string {
  const match = /^\s+NODE_OPTIONS:\s*(.+)$/m.exec(readFileSync(join(root, "serverless.yml"), "utf8"));
  return match ? match[1].trim() : "";
}

async function bundle(entry: string, outdir: string, options: BuildOptions = {}): Promise<string> {
  await build({ ...esbuildOptions(), ...options, entryPoints: [join(root, entry)], outdir, logLevel: "warning" });
  return join(outdir, entry.replace(/^.*\//, "").replace(/\.ts$/, ".js"));
}

interface Sample {
  bootMs: number;
  loadMs: number;
}

function loadOnce(
  loader: string,
  file: string,
  env: NodeJS.ProcessEnv,
  { loaderArgs = [], nodeArgs = [] }: { loaderArgs?: string[]; nodeArgs?: string[] } = {},
): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, loader, file, ...loaderArgs], {
      env,
      stdio: ["ignore", "ignore", "pipe", "pipe"],
    });
    let result = "";
    let errors = "";
    child.stdio[3]?.on("data", (chunk: Buffer) => (result += chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => (errors += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0 || result === "") {
        reject(new Error(`Loading ${file} failed (exit ${code}): ${errors.slice(-2000)}`));
        return;
      }
      const sample = JSON.parse(result) as Sample & { handler: string };
      if (sample.handler !== "function") reject(new Error(`${file} exports no handler`));
      else resolve(sample);
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(3)} MB`;
const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(9);
const judged = (ratio: number, budget: number) =>
  `${ratio.toFixed(2)}x (budget ${budget.toFixed(1)}x): ${ratio <= budget ? "PASS" : "FAIL"}`;
const loadAverage = () =>
  `load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(" ")}`;

/** Instructions of one process loading `file`: valgrind's callgrind, no cache simulation. */
function instructionsOf(loader: string, file: string, env: NodeJS.ProcessEnv, loaderArgs: string[] = []): number {
  const result = spawnSync(
    "valgrind",
    ["--tool=callgrind", "--callgrind-out-file=/dev/null", process.execPath, loader, file, ...loaderArgs],
    { env, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] },
  );
  const collected = /Collected\s*:\s*(\d+)/.exec(result.stderr ?? "");
  if (result.status !== 0 || !collected) throw new Error(`valgrind failed: ${result.error?.message ?? result.stderr}`);
  return Number(collected[1]);
}

type Name = "hello" | "graphqlFloor" | "floor" | "floorTlsReady" | "api" | "apiTlsReady" | "traced";

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "chime-cold-start-"));
  try {
    const loader = join(dir, "loader.cjs");
    writeFileSync(loader, LOADER);
    const files = {
      hello: await bundle("bench/support/coldStartHello.ts", join(dir, "hello")),
      graphqlFloor: await bundle("bench/support/coldStartGraphqlFloor.ts", join(dir, "graphqlFloor")),
      floor: await bundle("bench/support/coldStartApolloFloor.ts", join(dir, "floor")),
      api: await bundle("handlers/graphql.ts", join(dir, "api")),
      traced: await bundle("handlers/graphqlTraced.ts", join(dir, "traced")),
    };
    const nodeOptions = deployedNodeOptions();
    const env = lambdaEnvironment(nodeOptions);
    const run: Record<Name, () => Promise<Sample>> = {
      hello: () => loadOnce(loader, files.hello, env),
      graphqlFloor: () => loadOnce(loader, files.graphqlFloor, env),
      floor: () => loadOnce(loader, files.floor, env),
      floorTlsReady: () => loadOnce(loader, files.floor, env, { loaderArgs: ["--warm-tls"] }),
      api: () => loadOnce(loader, files.api, env),
      apiTlsReady: () => loadOnce(loader, files.api, env, { loaderArgs: ["--warm-tls"] }),
      traced: () => loadOnce(loader, files.traced, tracedEnvironment(env, join(dir, "traced"))),
    };
    const names = Object.keys(run) as Name[];
    const samples = Object.fromEntries(names.map((name) => [name, [] as Sample[]])) as Record<Name, Sample[]>;
    const loadBefore = loadAverage();
    // One unmeasured load of each first (the file cache), then in turn, the order rotating every round
    // so that none always runs on a machine just warmed (or slowed) by another.
    for (const name of names) await run[name]();
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < names.length; i++) {
        const name = names[(round + i) % names.length];
        samples[name].push(await run[name]());
      }
    }
    const loadMs = (name: Name) => median(samples[name].map((sample) => sample.loadMs));
    const totalMs = (name: Name) => median(samples[name].map((sample) => sample.bootMs + sample.loadMs));
    const sizes = {
      hello: statSync(files.hello).size,
      graphqlFloor: statSync(files.graphqlFloor).size,
      floor: statSync(files.floor).size,
      api: statSync(files.api).size,
      traced: statSync(files.traced).size,
    };
    const tlsMs = loadMs("api") - loadMs("apiTlsReady");
    console.log(
      [
        `Lambda cold start: ${ROUNDS} rounds, medians (Node ${process.version} here; Lambda runs nodejs22.x)`,
        `NODE_OPTIONS from serverless.yml: ${nodeOptions || "(none)"}; ${loadBefore} before, ${loadAverage()} after`,
        "",
        "                        bundle       module load   process start to handler ready",
        `  hello (1 client)      ${mb(sizes.hello)}  ${ms(loadMs("hello"))}     ${ms(totalMs("hello"))}`,
        `  graphql-js floor      ${mb(sizes.graphqlFloor)}  ${ms(loadMs("graphqlFloor"))}     ${ms(totalMs("graphqlFloor"))}`,
        `  Apollo floor          ${mb(sizes.floor)}  ${ms(loadMs("floor"))}     ${ms(totalMs("floor"))}`,
        `  API (graphql)         ${mb(sizes.api)}  ${ms(loadMs("api"))}     ${ms(totalMs("api"))}`,
        `  Apollo floor, a first TLS connection already made   ${ms(loadMs("floorTlsReady"))}`,
        `  API, a first TLS connection already made            ${ms(loadMs("apiTlsReady"))}`,
        `  API, traced (tracing=true)  ${mb(sizes.traced)}  ${ms(loadMs("traced"))}     ${ms(totalMs("traced"))}`,
        "",
        `Module load, API / Apollo floor: ${judged(loadMs("api") / loadMs("floor"), BUDGETS.floor)}`,
        `Module load, API / hello:        ${judged(loadMs("api") / loadMs("hello"), BUDGETS.hello)}` +
          ` (stretch ${BUDGETS.helloStretch.toFixed(1)}x: ${loadMs("api") / loadMs("hello") <= BUDGETS.helloStretch ? "met" : "not met"})`,
        `Bundle, API: ${mb(sizes.api)} (budget ${mb(BUDGETS.bundleBytes)}): ${sizes.api <= BUDGETS.bundleBytes ? "PASS" : "FAIL"}` +
          ` (${((BUDGETS.bundleBytes - sizes.api) / 1000).toFixed(0)} kB to spare)`,
        `Like for like, a first TLS connection already made in both: API / Apollo floor ${judged(loadMs("apiTlsReady") / loadMs("floorTlsReady"), BUDGETS.floor)}`,
        `  The JWKS prefetch's TLS connection (Node's TLS modules, the root certificate store) at load: ${tlsMs.toFixed(1)} ms`,
        "  of the API's. The floor, whose resolvers answer constants, never opens a TLS connection; an API that",
        "  calls Chime pays for its first one at its first request if not at load, so the like-for-like line is",
        `  the one the floor budget is read by. The floor itself is ${(loadMs("floor") / loadMs("hello")).toFixed(2)}x the hello; graphql-js alone, with this`,
        `  schema and no protection, is ${(loadMs("graphqlFloor") / loadMs("hello")).toFixed(2)}x the hello and ${(loadMs("graphqlFloor") / loadMs("floor")).toFixed(2)}x the Apollo floor.`,
      ].join("\n"),
    );

    if (PROFILE) {
      // Whitespace kept (and nothing else changed) so that top-level code can be placed by line.
      const profiled = await bundle("handlers/graphql.ts", join(dir, "api-profiled"), { minifyWhitespace: false });
      const profiles = join(dir, "profiles");
      mkdirSync(profiles);
      for (let i = 0; i < 10; i++) {
        await loadOnce(loader, profiled, env, {
          nodeArgs: ["--cpu-prof", "--cpu-prof-interval=100", `--cpu-prof-dir=${profiles}`],
        });
      }
      const summary = new ProfileSummary(root, [profiled]);
      for (const file of readdirSync(profiles)) {
        summary.add(JSON.parse(readFileSync(join(profiles, file), "utf8")) as CpuProfile);
      }
      console.log(
        [
          "",
          "Where the API's load goes (CPU profiles of 10 loads, self time, mean per load; the bundle with its",
          "whitespace kept; profiling slows it; V8's compiling of a function is charged to its caller):",
          summary.format(18),
        ].join("\n"),
      );
    }

    if (INSTRUCTIONS) {
      const empty = join(dir, "empty.js");
      writeFileSync(empty, "exports.handler = () => undefined;\n");
      const base = instructionsOf(loader, empty, env);
      const baseTlsReady = instructionsOf(loader, empty, env, ["--warm-tls"]);
      const count = (file: string) => instructionsOf(loader, file, env) - base;
      const counts = {
        hello: count(files.hello),
        floor: count(files.floor),
        api: count(files.api),
        floorTlsReady: instructionsOf(loader, files.floor, env, ["--warm-tls"]) - baseTlsReady,
        apiTlsReady: instructionsOf(loader, files.api, env, ["--warm-tls"]) - baseTlsReady,
      };
      const millions = (value: number) => `${(value / 1e6).toFixed(0)} M`.padStart(7);
      console.log(
        [
          "",
          "In instructions (callgrind; one process each, less one loading an empty module; all threads counted):",
          `  hello ${millions(counts.hello)}   Apollo floor ${millions(counts.floor)}   API ${millions(counts.api)}` +
            `   API with a first TLS connection already made ${millions(counts.apiTlsReady)}`,
          `  API / Apollo floor: ${judged(counts.api / counts.floor, BUDGETS.floor)}`,
          `  like for like, a first TLS connection already made in both: ${judged(counts.apiTlsReady / counts.floorTlsReady, BUDGETS.floor)}`,
          `  API / hello:        ${judged(counts.api / counts.hello, BUDGETS.hello)}`,
        ].join("\n"),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
