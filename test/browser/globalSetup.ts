/**
 * Starts the real `npm start` for the browser tests: free ports, a state folder of its own (removed
 * after), and sessions of the local STS capped at CREDENTIALS_LIFETIME_S, so the credentials refresh
 * happens within a test (a test-only setting of the local endpoint; the API and the client run as
 * they do on AWS). Returns the teardown: Ctrl-C to the stack, as a developer stops it.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signalRecordedGroups } from "../../local/stack/processRecord";
import { stackPaths } from "../../local/stack/settings";
import { freeStackPorts, killNpmStart, signalNpmStart, startNpmStart, waitForReady } from "../support/npmStart";
import { CHROMIUM_PATH } from "./chromium";

export const CREDENTIALS_LIFETIME_S = 30;

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No chromium at ${CHROMIUM_PATH}: install Debian's (apt-get install chromium) or set CHROMIUM_PATH. Playwright's own browser download is not used.`,
    );
  }
  const stateDir = mkdtempSync(join(tmpdir(), "chime-chat-browser-"));
  const ports = await freeStackPorts();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOCAL_STATE_DIR: stateDir,
    LOCAL_STS_SESSION_CAP_SECONDS: String(CREDENTIALS_LIFETIME_S),
  };
  for (const [name, port] of Object.entries(ports)) env[name] = String(port);
  const started = performance.now();
  const stack = startNpmStart(env);
  const cleanUp = () => {
    signalRecordedGroups(stackPaths(stateDir).processesFile, "SIGKILL");
    if (process.env.BROWSER_KEEP_STATE !== "1") rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    await waitForReady(stack, 240_000);
  } catch (error) {
    await killNpmStart(stack);
    cleanUp();
    throw error;
  }
  console.log(`npm start ready in ${((performance.now() - started) / 1000).toFixed(1)} s (state in ${stateDir})`);
  // The tests read the stack from here (workers inherit the environment).
  process.env.BROWSER_TEST_STACK_FILE = stackPaths(stateDir).stackFile;
  return async () => {
    const { code } = await signalNpmStart(stack, "SIGINT");
    if (code !== 0) console.error(`npm start exited with ${code} after Ctrl-C:\n${stack.output().slice(-4000)}`);
    cleanUp();
  };
}
