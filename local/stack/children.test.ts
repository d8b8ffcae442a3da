/**
 * A child of the launcher never outlives it: a real launcher process (startChild under tsx) is
 * killed with SIGKILL, which it cannot handle, and its child's whole process group (the child and a
 * process the child started) must go, freeing the child's port.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, isPortFree } from "./ports";

const dir = mkdtempSync(join(tmpdir(), "stack-children-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The child: listens on a port, starts a process of its own (in its group) and a worker thread
// that ends at once (workers inherit --require: the watchdog must not act there).
const CHILD = `
const { spawn } = require("node:child_process");
const { Worker } = require("node:worker_threads");
const server = require("node:net").createServer().listen(Number(process.argv[2]), "127.0.0.1", () => {
  const grandchild = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  new Worker("1", { eval: true }).once("exit", () => console.log("ready " + process.pid + " " + grandchild.pid));
});
`;

const LAUNCHER = `
const { startChild } = require(${JSON.stringify(join(__dirname, "children.ts"))});
startChild({ name: "child", script: process.argv[1], args: [process.argv[2]], cwd: process.cwd(), env: process.env, echo: true });
setInterval(() => {}, 1000);
`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

test("a SIGKILLed launcher's child stops its process group and frees its port", async () => {
  const script = join(dir, "child.js");
  writeFileSync(script, CHILD);
  const port = await freePort();
  const launcher: ChildProcess = spawn(process.execPath, ["--import", "tsx", "-e", LAUNCHER, script, String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  const ready = new Promise<[number, number]>((resolve, reject) => {
    launcher.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /\[child\] ready (\d+) (\d+)/.exec(output);
      if (match) resolve([Number(match[1]), Number(match[2])]);
    });
    launcher.once("exit", () => reject(new Error(`the launcher exited first: ${output}`)));
  });
  let pids: [number, number] | undefined;
  try {
    pids = await ready;
    const [child, grandchild] = pids;
    // The worker thread that ended did not set the watchdog off.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([alive(child), alive(grandchild), await isPortFree("127.0.0.1", port)]).toEqual([true, true, false]);

    launcher.kill("SIGKILL");
    expect(await until(() => !alive(child) && !alive(grandchild), 8000)).toBe(true);
    expect(await isPortFree("127.0.0.1", port)).toBe(true);
  } finally {
    launcher.kill("SIGKILL");
    // Nothing left behind, whatever failed above.
    if (pids)
      try {
        process.kill(-pids[0], "SIGKILL");
      } catch {
        // gone
      }
  }
}, 20_000);
