/**
 * Child process for tests: serves the handler of a bundled Lambda file (e.g. the packaged
 * handlers/graphql.js) as API Gateway calls it, then prints `LISTENING <url>`. The bundle reads its
 * configuration from this process's environment when it loads, as on Lambda.
 */
import { serveLambda, type LambdaHttpHandler } from "./lambdaHttp";

async function main(): Promise<void> {
  const bundle = process.argv[2];
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS bundle whose path is known at run time
  const { handler } = require(bundle) as { handler: LambdaHttpHandler };
  const server = await serveLambda(handler);
  process.stdout.write(`LISTENING ${server.url}\n`);
  process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
