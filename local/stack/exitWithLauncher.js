/**
 * Preloaded (`node --require`) into each child process of `npm start` (children.ts), so that a child
 * never outlives the launcher, however the launcher ends: SIGKILL, a crash, a closed terminal. The
 * launcher holds the other end of a pipe on the child's fd 3 and never writes to it; when the
 * launcher is gone the kernel closes its end, this side reads end-of-file, and the child stops its
 * own process group (itself and what it started, e.g. sls offline's esbuild service): SIGTERM, then
 * SIGKILL if the group is still there after a grace period.
 *
 * It acts only in the process the launcher started (marked by a variable it removes at once, so
 * that a process the child forks, where fd 3 is something else, does not act), never in a worker
 * thread (sls offline runs handlers in workers, which inherit `--require`).
 */
/* global process, setTimeout */
"use strict";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS, preloaded with node --require
const { Socket } = require("node:net");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
const { isMainThread } = require("node:worker_threads");

const VARIABLE = "LOCAL_STACK_LAUNCHER_PID";
const WATCH_FD = 3;
const GRACE_MS = 3000;

function signalOwnGroup(signal) {
  try {
    process.kill(-process.pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

function watch() {
  const marked = process.env[VARIABLE] !== undefined;
  delete process.env[VARIABLE];
  if (!isMainThread || !marked) return;
  let pipe;
  try {
    pipe = new Socket({ fd: WATCH_FD, readable: true, writable: false });
  } catch {
    return; // no pipe on fd 3: not started by the launcher
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    signalOwnGroup("SIGTERM");
    setTimeout(() => signalOwnGroup("SIGKILL"), GRACE_MS).unref();
  };
  pipe.on("end", stop);
  pipe.on("close", stop);
  pipe.on("error", stop);
  pipe.resume();
  // The pipe alone never keeps the child running.
  pipe.unref();
}

watch();
