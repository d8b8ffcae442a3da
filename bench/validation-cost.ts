/**
 * Benchmark (not a test): the CPU a SendChannelMessage request spends in routing, binding and
 * validation against the official models, next to what a send may cost in all at the 2,000 sends/s
 * budget (500 µs). The validators are compiled once when the endpoint loads; this measures what is
 * left per request. CPU time, not wall time, so that other work on the machine weighs less.
 * Run: npm run bench:validation [-- <iterations>]
 */
import { operationModels } from "../local/endpoint/model";
import { Router } from "../local/endpoint/router";
import { bindRequest } from "../local/endpoint/wire";

const ITERATIONS = Number(process.argv[2] ?? 200_000);
const BUDGET_MICROSECONDS = 1_000_000 / 2000;

const appInstance = "arn:aws:chime:us-east-1:111122223333:app-instance/0b3c9a4e-7d1f-4c2a-9e8b-5f6a7b8c9d0e";
const path = `/channels/${encodeURIComponent(`${appInstance}/channel/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d`)}/messages`;
const headers = { "x-amz-chime-bearer": `${appInstance}/user/alice`, "content-type": "application/json" };
const body = Buffer.from(
  JSON.stringify({
    Content: "benchmark message",
    Type: "STANDARD",
    Persistence: "PERSISTENT",
    ClientRequestToken: "3f1c2b7e-8a9d-4c5e-b6f7-0a1b2c3d4e5f",
  }),
);

function cpuMicroseconds(run: () => void): number {
  const started = process.cpuUsage();
  for (let i = 0; i < ITERATIONS; i++) run();
  const { user, system } = process.cpuUsage(started);
  return (user + system) / ITERATIONS;
}

function main(): void {
  const router = new Router(operationModels);
  const route = () => router.match("POST", path, new URLSearchParams());
  const match = route();
  if (match?.operation.name !== "SendChannelMessage") throw new Error("the path does not route to SendChannelMessage");
  const bind = () =>
    bindRequest(match.operation, { labels: match.labels, query: new URLSearchParams(), headers, body });
  const input = bind();
  if (match.operation.validate(input).length > 0) throw new Error("the benchmark's input is not valid");
  for (let round = 0; round < 2; round++) {
    // The first round warms the JIT; the second is measured.
    const routing = cpuMicroseconds(route);
    const binding = cpuMicroseconds(bind);
    const validation = cpuMicroseconds(() => match.operation.validate(input));
    if (round === 0) continue;
    const total = routing + binding + validation;
    console.log(
      `per SendChannelMessage: routing ${routing.toFixed(2)} µs, binding ${binding.toFixed(2)} µs, ` +
        `validation ${validation.toFixed(2)} µs; together ${(total / BUDGET_MICROSECONDS).toFixed(3)}x the ` +
        `${BUDGET_MICROSECONDS} µs a send may take at 2,000/s (validation ${(validation / BUDGET_MICROSECONDS).toFixed(3)}x)`,
    );
  }
}

main();
