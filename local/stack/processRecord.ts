/**
 * `<state>/processes.json`: the launcher's pid and the process groups of its children (each child
 * leads its own group), rewritten as each child starts and removed once the stack has stopped. For
 * whoever must clean up after a launcher that could not (the smoke test, when it fails), and for the
 * next start, which warns about groups an earlier launcher left running. Children normally stop by
 * themselves when their launcher is gone (exitWithLauncher.js); this is the record to check that.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";

export interface ProcessRecord {
  launcherPid: number;
  /** `pid` is also the child's process group id. */
  children: { name: string; pid: number }[];
}

export function writeProcessRecord(path: string, record: ProcessRecord): void {
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
}

export function readProcessRecord(path: string): ProcessRecord | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const record = JSON.parse(readFileSync(path, "utf8")) as Partial<ProcessRecord>;
    if (!Number.isInteger(record.launcherPid) || !Array.isArray(record.children)) return undefined;
    const children = record.children.filter((child) => Number.isInteger(child?.pid) && child.pid > 1);
    return { launcherPid: record.launcherPid as number, children };
  } catch {
    return undefined; // half written or edited: nothing to go on
  }
}

export function removeProcessRecord(path: string): void {
  rmSync(path, { force: true });
}

/** Whether a process (pid > 0) or a process group (pid < 0) exists, ours or another user's. */
export function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The recorded children whose groups still exist although their launcher is gone. */
export function leftoverChildren(record: ProcessRecord | undefined): ProcessRecord["children"] {
  if (!record || exists(record.launcherPid)) return [];
  return record.children.filter((child) => exists(-child.pid));
}

/** Signals every recorded child's group that still exists; returns those signalled. */
export function signalRecordedGroups(path: string, signal: NodeJS.Signals): ProcessRecord["children"] {
  const record = readProcessRecord(path);
  const signalled: ProcessRecord["children"] = [];
  for (const child of record?.children ?? []) {
    try {
      process.kill(-child.pid, signal);
      signalled.push(child);
    } catch {
      // ESRCH: gone already
    }
  }
  return signalled;
}
