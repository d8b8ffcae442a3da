/**
 * Benchmark (not a test): the cold start of the GraphQL Lambda against a one-client hello. Both are
 * bundled with the options serverless.yml uses (esbuild.config.js), then each is loaded in fresh Node
 * processes, alternately, with the environment the API needs on AWS (pointing at nothing real) and
 * serverless.yml's NODE_OPTIONS; no network (connections fail inside the process). Prints the median
 * module load time of each (what Lambda's init runs: require of the handler), the ratio against the
 * 1.5x budget, the whole process start for context, and both bundle sizes against 1.5 MB. The handler
 * deployed with `tracing=true` (handlers/graphqlTraced.ts, Powertools Tracer and the X-Ray SDK, with
 * Lambda's X-Ray variables) is loaded beside them: what turning tracing on costs a cold start.
 * Run: npm run bench:cold-start [-- <rounds>]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, type BuildOptions } from "esbuild";

const ROUNDS = Number(process.argv[2] ?? 20);
const LOAD_BUDGET_RATIO = 1.5;
// Decimal megabytes, as the budget is stated (1.5 MB = 1,500,000 bytes).
const SIZE_BUDGET_BYTES = 1_500_000;
const root = join(__dirname, "..");

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS config serverless-esbuild reads
const { esbuildOptions } = require("../esbuild.config.js") as { esbuildOptions: () => BuildOptions };

/** Runs in each fresh process: loads one bundle and writes its timings to file descriptor 3. */
const LOADER = `
const net = require("node:net");
const { writeSync } = require("node:fs");
// The handler may start a request at load (the JWKS): it fails here, at once, and none leaves.
net.Socket.prototype.connect = function () {
  process.nextTick(() => this.destroy(new Error("No network in the cold-start benchmark")));
  return this;
};
// performance.now() counts from the process's start: "started" is Node's own boot.
const started = performance.now();
const { handler } = require(process.argv[2]);
const loaded = performance.now();
writeSync(3, JSON.stringify({ bootMs: started, loadMs: loaded - started, handler: typeof handler }) + "\\n");
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

/** serverless.yml's NODE_OPTIONS (e.g. --enable-source-maps), so both load as they would on Lambda. */
function deployedNodeOptions(): string {
  const match = /^\s+NODE_OPTIONS:\s*(.+)$/m.exec(readFileSync(join(root, "serverless.yml"), "utf8"));
  return match ? match[1].trim() : "";
}

async function bundle(entry: string, outdir: string): Promise<string> {
  await build({ ...esbuildOptions(), entryPoints: [join(root, entry)], outdir, logLevel: "warning" });
  return join(outdir, entry.replace(/^.*\//, "").replace(/\.ts$/, ".js"));
}

interface Sample {
  bootMs: number;
  loadMs: number;
}

function loadOnce(loader: string, file: string, env: NodeJS.ProcessEnv): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [loader, file], { env, stdio: ["ignore", "ignore", "pipe", "pipe"] });
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

const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(2)} MB`;
const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(9);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "chime-cold-start-"));
  try {
    const loader = join(dir, "loader.cjs");
    writeFileSync(loader, LOADER);
    const graphql = await bundle("handlers/graphql.ts", join(dir, "graphql"));
    const traced = await bundle("handlers/graphqlTraced.ts", join(dir, "traced"));
    const hello = await bundle("bench/support/coldStartHello.ts", join(dir, "hello"));
    const nodeOptions = deployedNodeOptions();
    const env = lambdaEnvironment(nodeOptions);
    const variants = {
      hello: { file: hello, env },
      graphql: { file: graphql, env },
      traced: { file: traced, env: tracedEnvironment(env, join(dir, "traced")) },
    };
    const samples = { hello: [] as Sample[], graphql: [] as Sample[], traced: [] as Sample[] };
    const names = Object.keys(variants) as (keyof typeof variants)[];
    // One unmeasured load of each first (the file cache), then in turn, the order rotated every round
    // so that none always runs on a machine just warmed (or slowed) by another.
    for (const name of names) await loadOnce(loader, variants[name].file, variants[name].env);
    for (let round = 0; round < ROUNDS; round++) {
      const order = [...names.slice(round % names.length), ...names.slice(0, round % names.length)];
      for (const name of order) samples[name].push(await loadOnce(loader, variants[name].file, variants[name].env));
    }
    const helloLoad = median(samples.hello.map((s) => s.loadMs));
    const graphqlLoad = median(samples.graphql.map((s) => s.loadMs));
    const tracedLoad = median(samples.traced.map((s) => s.loadMs));
    const tracedTotal = median(samples.traced.map((s) => s.bootMs + s.loadMs));
    const helloTotal = median(samples.hello.map((s) => s.bootMs + s.loadMs));
    const graphqlTotal = median(samples.graphql.map((s) => s.bootMs + s.loadMs));
    const loadRatio = graphqlLoad / helloLoad;
    const totalRatio = graphqlTotal / helloTotal;
    const sizes = { hello: statSync(hello).size, graphql: statSync(graphql).size, traced: statSync(traced).size };
    const verdict = (ok: boolean) => (ok ? "within budget" : "OVER BUDGET");
    console.log(
      [
        `Lambda cold start, ${ROUNDS} rounds, medians (Node ${process.version} here; Lambda runs nodejs22.x)`,
        `NODE_OPTIONS from serverless.yml: ${nodeOptions || "(none)"}`,
        "",
        "                      bundle      module load   process start to handler ready",
        `  hello (1 client)    ${mb(sizes.hello).padStart(7)}   ${ms(helloLoad)}     ${ms(helloTotal)}`,
        `  graphql             ${mb(sizes.graphql).padStart(7)}   ${ms(graphqlLoad)}     ${ms(graphqlTotal)}`,
        `  graphql, traced     ${mb(sizes.traced).padStart(7)}   ${ms(tracedLoad)}     ${ms(tracedTotal)}`,
        "",
        `Load, graphql / hello: ${loadRatio.toFixed(2)}x against the ${LOAD_BUDGET_RATIO}x budget: ${verdict(loadRatio <= LOAD_BUDGET_RATIO)}`,
        `  (process start included, Node's own boot in both: ${totalRatio.toFixed(2)}x)`,
        `Tracing on (tracing=true) adds ${(tracedLoad - graphqlLoad).toFixed(1)} ms to the load (${(tracedLoad / helloLoad).toFixed(2)}x hello)`,
        `Bundle, graphql: ${mb(sizes.graphql)} against 1.50 MB: ${verdict(sizes.graphql < SIZE_BUDGET_BYTES)}`,
        `Bundle, hello:   ${mb(sizes.hello)} against 1.50 MB: ${verdict(sizes.hello < SIZE_BUDGET_BYTES)}`,
      ].join("\n"),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
