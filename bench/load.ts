/**
 * Benchmark (not a test): the API under load against the direct SDK call under the same load. The
 * bundled handler (handlers/graphql.ts, built with esbuild.config.js, NODE_ENV=production and INFO
 * logs as on AWS) is served over HTTP as API Gateway calls it, in a process of its own; beside it, in
 * another process, an HTTP server whose every request sends the message with the SDK directly (the
 * direct path, with the HTTP hop of its own that any service has). Both send to the same local
 * endpoint (bench/support/apiFixture.ts, in a worker thread of this process). autocannon, in a third
 * process, keeps 1, 10 and 50 callers busy against each, in turn, for a few seconds each; the script
 * prints requests per second, p50 and p99 latency, and each server's memory at the end, and the
 * budget's verdict: under 50 callers, the API's p99 at most 1.3x the direct path's. Each server's CPU
 * time a request is printed too: on a busy machine it varies less than the latencies. The per-user
 * limits are off (one user sends everything; the point is the API's own cost under load).
 * With a hold, every endpoint answer is held back that long (the fixture's proxy), standing for Chime's
 * network and service time, as in bench:api-overhead.
 * Run: npm run bench:load [-- <seconds per run> <callers, comma-separated: 1,10,50> <hold ms: 0>]
 */
import { execFile, fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { build, type BuildOptions } from "esbuild";
import { SEND_MUTATION, startApiFixture } from "./support/apiFixture";

// The SDK's notice that Node 20 is old (once per client) is not the benchmark's output.
process.removeAllListeners("warning");
process.on("warning", (warning) => {
  if (warning.name !== "NodeVersionSupportWarning") console.error(warning);
});

const args = process.argv.slice(2);
const SECONDS = Number(args[0] ?? 8);
const CALLERS = (args[1] ?? "1,10,50").split(",").map(Number);
const HOLD_MS = Number(args[2] ?? 0);
const P99_BUDGET = { callers: 50, ratio: 1.3 };
const root = join(__dirname, "..");

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS config serverless-esbuild reads
const { esbuildOptions } = require("../esbuild.config.js") as { esbuildOptions: () => BuildOptions };

interface Usage {
  memory: NodeJS.MemoryUsage;
  cpu: NodeJS.CpuUsage;
}

interface Server {
  url: string;
  child: ChildProcess;
  /** The process's memory and CPU time so far. */
  usage(): Promise<Usage>;
}

function startServer(argv: string[], env: NodeJS.ProcessEnv): Promise<Server> {
  const child = fork(join(__dirname, "support", "loadServer.ts"), argv, {
    env,
    // stdout and stderr are the handler's log (INFO lines, and warnings such as the API's without
    // limits): read and dropped, so that they never block; other stderr output is passed on.
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  child.stdout?.resume();
  child.stderr?.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n"))
      if (line && !line.startsWith('{"level"')) console.error(line);
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`The ${argv[0]} server exited (${code})`)));
    child.once("message", (message: { url: string }) =>
      resolve({
        url: message.url,
        child,
        usage: () =>
          new Promise((answered) => {
            child.once("message", (reply: Usage) => answered(reply));
            child.send("usage");
          }),
      }),
    );
  });
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  /** CPU time of the server's process a request (user + system), in ms. */
  cpuMs: number;
}

async function load(server: Server, callers: number, seconds: number, body: string, token: string): Promise<Run> {
  const before = (await server.usage()).cpu;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      require.resolve("autocannon/autocannon.js"),
      "--json",
      "-c",
      String(callers),
      "-d",
      String(seconds),
      "-m",
      "POST",
      "-H",
      "content-type=application/json",
      "-H",
      `authorization=Bearer ${token}`,
      "-b",
      body,
      `${server.url}/graphql`,
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const cpu = (await server.usage()).cpu;
  const result = JSON.parse(stdout) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    errors: number;
    non2xx: number;
    timeouts: number;
  };
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    requests: result.requests.total,
    cpuMs: (cpu.user - before.user + cpu.system - before.system) / 1000 / Math.max(1, result.requests.total),
  };
}

/** autocannon's latencies are whole milliseconds: a direct call under 1 ms gives no ratio. */
const latencyRatio = (api: number, direct: number) =>
  direct === 0 ? "- (direct under autocannon's 1 ms resolution)" : `${(api / direct).toFixed(2)}x`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "chime-load-"));
  const fixture = await startApiFixture();
  fixture.holdMs = HOLD_MS;
  const servers: Server[] = [];
  try {
    await build({
      ...esbuildOptions(),
      entryPoints: [join(root, "handlers/graphql.ts")],
      outdir: dir,
      logLevel: "warning",
    });
    // serverless.yml's NODE_OPTIONS for both; the SDK's Node-version notice left out.
    const base = { PATH: process.env.PATH, NODE_OPTIONS: "--enable-source-maps --no-warnings" };
    const api = await startServer(["api", join(dir, "graphql.js")], {
      ...base,
      ...fixture.apiEnvironment({ NODE_ENV: "production", POWERTOOLS_LOG_LEVEL: "INFO" }),
    });
    const direct = await startServer(["direct"], {
      ...base,
      ...fixture.apiEnvironment(),
      DIRECT_CHANNEL_ARN: fixture.channelArn,
      DIRECT_BEARER: fixture.userArn,
    });
    servers.push(api, direct);
    const body = JSON.stringify({
      query: SEND_MUTATION,
      variables: { channelArn: fixture.channelArn, content: "load" },
    });
    console.log(
      `Under load: a send, ${SECONDS} s a run, endpoint answers held ${HOLD_MS} ms, API (bundled) and direct SDK in turn; ` +
        `Node ${process.version}; ` +
        `load average ${loadavg()
          .map((value) => value.toFixed(2))
          .join(" ")}`,
    );
    // Warm both up (JIT, connections, the user's AppInstanceUser).
    for (const server of [api, direct]) await load(server, 10, 2, body, fixture.token);
    let verdict = "";
    for (const [index, callers] of CALLERS.entries()) {
      const order = index % 2 === 0 ? [api, direct] : [direct, api];
      const runs = new Map<Server, Run>();
      for (const server of order) runs.set(server, await load(server, callers, SECONDS, body, fixture.token));
      const [a, d] = [runs.get(api)!, runs.get(direct)!];
      const line = (name: string, run: Run) =>
        `  ${name.padEnd(10)} ${run.rps.toFixed(0).padStart(6)} req/s   p50 ${String(run.p50).padStart(4)} ms   p99 ${String(run.p99).padStart(4)} ms` +
        `   server CPU ${run.cpuMs.toFixed(2)} ms a request` +
        (run.errors ? `   ${run.errors} failed` : "");
      console.log(
        [
          `${callers} caller${callers === 1 ? "" : "s"}:`,
          line("API", a),
          line("direct", d),
          `  API/direct: ${(a.rps / d.rps).toFixed(2)}x the requests, p50 ${latencyRatio(a.p50, d.p50)}, p99 ${latencyRatio(a.p99, d.p99)}`,
        ].join("\n"),
      );
      if (callers === P99_BUDGET.callers) {
        const ratio = a.p99 / d.p99;
        verdict = `p99 under ${callers} callers, API / direct: ${ratio.toFixed(2)}x (budget ${P99_BUDGET.ratio}x): ${ratio <= P99_BUDGET.ratio ? "PASS" : "FAIL"}`;
      }
    }
    const [apiMemory, directMemory] = [(await api.usage()).memory, (await direct.usage()).memory];
    console.log(
      [
        `Memory at the end: API ${mb(apiMemory.rss)} resident, ${mb(apiMemory.heapUsed)} heap used; ` +
          `direct ${mb(directMemory.rss)} resident, ${mb(directMemory.heapUsed)} heap used`,
        verdict || `(no run with ${P99_BUDGET.callers} callers: no verdict)`,
        `load average ${loadavg()
          .map((value) => value.toFixed(2))
          .join(" ")} at the end`,
      ].join("\n"),
    );
  } finally {
    for (const server of servers) server.child.kill();
    await fixture.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
