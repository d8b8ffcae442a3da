/**
 * A throwaway service of a test's own under the real sls offline (osls' serverless-offline), for tests
 * of what serverless-offline itself does: a temporary folder with its serverless.yml and the functions'
 * files (and the project's node_modules, where osls finds the plugin), sls offline started in it and
 * ready, its HTTP API on a Unix socket in that folder. `stop()` ends it and removes the folder.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startChild } from "../../local/stack/children";
import { oslsBin } from "../../local/stack/offlineApi";
import { projectRoot } from "../../local/stack/settings";

export interface OfflineServiceOptions {
  /** The service's name, also the temporary folder's prefix. */
  service: string;
  /** Seconds: the functions' timeout. */
  timeoutS: number;
  /** The `functions:` block of serverless.yml, indented as under it. */
  functions: string;
  /** Files beside serverless.yml: the functions' code. */
  files: Record<string, string>;
  /** Environment of sls offline, passed to the functions (`provider.environment`). */
  environment?: Record<string, string>;
}

export interface OfflineService {
  /** The service's folder (removed by `stop()`). */
  dir: string;
  /** The Unix socket of the service's HTTP API. */
  httpSocket: string;
  stop(): Promise<void>;
}

function serviceYaml(options: OfflineServiceOptions): string {
  const environment = Object.keys(options.environment ?? {})
    .map((name) => `    ${name}: \${env:${name}}`)
    .join("\n");
  return `service: ${options.service}
provider:
  name: aws
  runtime: nodejs22.x
  timeout: ${options.timeoutS}
${environment ? `  environment:\n${environment}\n` : ""}plugins:
  - serverless-offline
custom:
  serverless-offline:
    httpPort: \${env:OFFLINE_HTTP_SOCKET}
    lambdaPort: \${env:OFFLINE_LAMBDA_SOCKET}
    noPrependStageInUrl: true
functions:
${options.functions}
`;
}

export async function startOfflineService(options: OfflineServiceOptions): Promise<OfflineService> {
  const dir = mkdtempSync(join(tmpdir(), `${options.service}-`));
  writeFileSync(join(dir, "serverless.yml"), serviceYaml(options));
  for (const [name, content] of Object.entries(options.files)) writeFileSync(join(dir, name), content);
  symlinkSync(join(projectRoot, "node_modules"), join(dir, "node_modules"), "dir");
  const httpSocket = join(dir, "api.sock");
  // No AWS settings of the test process reach sls offline or the functions.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
  const offline = startChild({
    name: `sls offline (${options.service})`,
    script: oslsBin(),
    args: ["offline", "start"],
    cwd: dir,
    env: {
      ...env,
      ...options.environment,
      HOME: dir,
      SLS_TELEMETRY_DISABLED: "1",
      OFFLINE_HTTP_SOCKET: httpSocket,
      OFFLINE_LAMBDA_SOCKET: join(dir, "lambda.sock"),
    },
  });
  const stop = async () => {
    await offline.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await offline.waitForLine((line) => line.startsWith("Server ready"), 90_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { dir, httpSocket, stop };
}
