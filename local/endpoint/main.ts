/**
 * Runs the local endpoint: `npm run endpoint`. Settings come from the environment:
 *   LOCAL_AWS_PORT (default 4566), LOCAL_AWS_HOST (127.0.0.1), LOCAL_AWS_DB (.local/aws.sqlite),
 *   AWS_REGION (us-east-1), LOCAL_AWS_ACCOUNT_ID (111122223333).
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { startLocalEndpoint } from "./localEndpoint";

async function main(): Promise<void> {
  const databasePath = process.env.LOCAL_AWS_DB ?? ".local/aws.sqlite";
  if (databasePath !== ":memory:") mkdirSync(dirname(databasePath), { recursive: true });
  const endpoint = await startLocalEndpoint({
    databasePath,
    host: process.env.LOCAL_AWS_HOST ?? "127.0.0.1",
    port: Number(process.env.LOCAL_AWS_PORT ?? 4566),
    config: {
      region: process.env.AWS_REGION ?? "us-east-1",
      accountId: process.env.LOCAL_AWS_ACCOUNT_ID ?? "111122223333",
    },
    log: ({ method, operation, status, errorType, durationMs }) =>
      console.log(
        `${method} ${operation ?? "-"} ${status}${errorType ? ` ${errorType}` : ""} ${durationMs.toFixed(1)}ms`,
      ),
    onInternalError: (error, requestId) => console.error(`request ${requestId} failed:`, error),
  });
  console.log(`Local AWS endpoint (Chime SDK messaging + identity) on ${endpoint.url}, data in ${databasePath}`);
  const stop = () => void endpoint.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
