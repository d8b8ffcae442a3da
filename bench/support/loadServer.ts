/**
 * Child process of `npm run bench:load`: one of the two servers under load, each alone in its process.
 * - `api <bundle>`: the bundled GraphQL handler (handlers/graphql.js, built as serverless.yml builds
 *   it), served as API Gateway calls it; its configuration comes from this process's environment, as
 *   on Lambda.
 * - `direct`: the direct path over the same kind of HTTP server: each request sends the message with
 *   the SDK (the server key, the user as bearer) and answers what the API would.
 * Tells the parent its URL, and its memory and CPU time when asked (IPC); exits when told. Its stdout
 * is the handler's log.
 */
import { ChimeSDKMessagingClient, SendChannelMessageCommand } from "@aws-sdk/client-chime-sdk-messaging";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { serveLambda, type LambdaHttpHandler } from "../../test/support/lambdaHttp";

async function serveDirect(): Promise<string> {
  const { DIRECT_CHANNEL_ARN: channelArn, DIRECT_BEARER: bearer } = process.env;
  const client = new ChimeSDKMessagingClient({ region: process.env.AWS_REGION });
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const { variables } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { variables: { content: string } };
      client
        .send(
          new SendChannelMessageCommand({
            ChannelArn: channelArn,
            Content: variables.content,
            Type: "STANDARD",
            Persistence: "PERSISTENT",
            ChimeBearer: bearer,
          }),
        )
        .then(
          ({ MessageId }) => {
            const body = JSON.stringify({ data: { sendMessage: { messageId: MessageId } } });
            response.writeHead(200, { "content-type": "application/json" }).end(body);
          },
          () => response.writeHead(502).end(),
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function main(): Promise<void> {
  const [mode, bundle] = process.argv.slice(2);
  let url: string;
  if (mode === "api") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS bundle whose path is known at run time
    const { handler } = require(bundle) as { handler: LambdaHttpHandler };
    url = (await serveLambda(handler)).url;
  } else {
    url = await serveDirect();
  }
  process.on("message", (message) => {
    if (message === "exit") process.exit(0);
    process.send?.({ memory: process.memoryUsage(), cpu: process.cpuUsage() });
  });
  process.send?.({ url });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
