/**
 * `npm start`: the whole stack offline, bootstrapped, with a ready banner. Ctrl-C, SIGTERM or SIGHUP
 * (the terminal closed) stops it cleanly (exit 0); a part that dies, an uncaught exception or an
 * unhandled rejection in the launcher stops the rest (exit 1). If the launcher is killed outright
 * (SIGKILL), its children stop by themselves (children.ts). Settings: see settings.ts and docs/configuration.md.
 */
import { performance } from "node:perf_hooks";
import { formatBanner } from "./banner";
import { describeBehaviour } from "./endpointBehaviour";
import { PortInUseError } from "./ports";
import { readSettings, SettingsError } from "./settings";
import { LocalStack } from "./stack";

async function main(): Promise<number> {
  // The SDK warns that its 2027 releases will need Node 22; it says nothing about this run (the
  // project supports Node 20.19+), and on every start it buries the banner. Set it to "false" to see it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const launchedAt = performance.now();
  let stack: LocalStack;
  try {
    stack = new LocalStack(readSettings());
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }

  // Whatever way this process ends, no child is left running: a stop that did not finish is ended here.
  process.on("exit", () => stack.killNow());
  // After SIGHUP the terminal is gone: writing to it fails (EIO), which must not become a crash.
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);

  let settle: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (settle = resolve));
  // The exit code: 0 for a requested stop, 1 if anything went wrong on the way (the worst one wins).
  let exitCode = 0;
  const shutdown = (code: number) => {
    exitCode = Math.max(exitCode, code);
    void stack.stop().then(
      () => settle(exitCode),
      (error: unknown) => {
        console.error("Stopping the stack failed:", error);
        settle(1);
      },
    );
  };
  // Ctrl-C may arrive more than once (from the terminal and relayed by npm/tsx): one stop serves all.
  // SIGHUP (the terminal closed) is a stop asked for too, so it also exits 0.
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stack.isStopping) console.log(`\n${signal}: stopping the local stack...`);
    shutdown(0);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onSignal);
  // A bug in the launcher: stop every part (not just this process), and say why, with exit 1. The
  // stop has 15 s; then the "exit" handler above kills what is left.
  const onError = (what: string, error: unknown) => {
    console.error(`${what} in the launcher; stopping the local stack:`, error);
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 15_000).unref();
    shutdown(1);
  };
  process.on("uncaughtException", (error) => onError("Uncaught exception", error));
  process.on("unhandledRejection", (reason) => onError("Unhandled rejection", reason));
  stack.onCrash((message) => {
    console.error(message);
    shutdown(1);
  });

  console.log(`Starting the local stack (state in ${stack.settings.stateDir})...`);
  for (const line of describeBehaviour(stack.settings.endpoint)) console.log(`  ${line}`);
  try {
    const started = await stack.start();
    const readySeconds = (performance.now() - launchedAt) / 1000;
    console.log(formatBanner({ ...started, stateDir: stack.settings.stateDir, readySeconds }));
  } catch (error) {
    if (stack.isStopping) return finished; // interrupted while starting
    console.error(
      error instanceof PortInUseError
        ? error.message
        : `The local stack could not start: ${error instanceof Error ? error.message : String(error)}`,
    );
    shutdown(1);
  }
  const code = await finished;
  if (code === 0) console.log("The local stack stopped; its data is kept for the next `npm start`.");
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
