/**
 * `npm start`: the whole stack offline, bootstrapped, with a ready banner. Ctrl-C or SIGTERM stops it
 * cleanly (exit 0); a part that dies stops the rest (exit 1). Settings: see settings.ts and the README.
 */
import { performance } from "node:perf_hooks";
import { formatBanner } from "./banner";
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

  let settle: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (settle = resolve));
  const shutdown = (code: number) => {
    void stack.stop().then(
      () => settle(code),
      (error: unknown) => {
        console.error("Stopping the stack failed:", error);
        settle(1);
      },
    );
  };
  // Ctrl-C may arrive more than once (from the terminal and relayed by npm/tsx): one stop serves all.
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stack.isStopping) console.log(`\n${signal}: stopping the local stack...`);
    shutdown(0);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  stack.onCrash((message) => {
    console.error(message);
    shutdown(1);
  });

  console.log(`Starting the local stack (state in ${stack.settings.stateDir})...`);
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
