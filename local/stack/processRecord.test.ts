import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  exists,
  leftoverChildren,
  readProcessRecord,
  removeProcessRecord,
  signalRecordedGroups,
  writeProcessRecord,
} from "./processRecord";

const dir = mkdtempSync(join(tmpdir(), "stack-processes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A pid no process has now: a child that has exited (and was reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid as number;
}

test("a group left by a launcher that is gone is a leftover, and is signalled from the record", async () => {
  const path = join(dir, "processes.json");
  const group = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { detached: true, stdio: "ignore" });
  const exited = new Promise((resolve) => group.once("exit", resolve));
  try {
    const pid = group.pid as number;
    writeProcessRecord(path, { launcherPid: await deadPid(), children: [{ name: "cognito", pid }] });
    expect(leftoverChildren(readProcessRecord(path))).toEqual([{ name: "cognito", pid }]);
    // While its launcher runs, nothing is a leftover.
    expect(leftoverChildren({ launcherPid: process.pid, children: [{ name: "cognito", pid }] })).toEqual([]);

    expect(signalRecordedGroups(path, "SIGKILL")).toEqual([{ name: "cognito", pid }]);
    await exited;
    expect(exists(-pid)).toBe(false);
    expect(leftoverChildren(readProcessRecord(path))).toEqual([]);
    expect(signalRecordedGroups(path, "SIGKILL")).toEqual([]);
  } finally {
    group.kill("SIGKILL");
  }
});

test("a missing or unreadable record is no record", () => {
  const path = join(dir, "broken.json");
  expect(readProcessRecord(path)).toBeUndefined();
  writeFileSync(path, "{ half");
  expect(readProcessRecord(path)).toBeUndefined();
  removeProcessRecord(path);
  removeProcessRecord(path);
  expect(readProcessRecord(path)).toBeUndefined();
});
