/**
 * The invoker `npm start` gives the endpoint: an ARN of the stack's region and account names the sls
 * offline function; the invocation is sls offline's Lambda invoke API with InvocationType Event, over
 * its Unix socket (here a server on a socket answering as sls offline does: 202, or 404 for a function
 * it does not have).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LambdaInvocationError } from "../chime/lambdaInvoker";
import { offlineFunctionName, slsOfflineInvoker } from "./lambdaInvoker";

const stack = { region: "us-east-1", accountId: "111122223333" };
const dir = mkdtempSync(join(tmpdir(), "lambda-invoker-"));
const socketPath = join(dir, "lambda.sock");
const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
let server: Server;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body });
      if (req.url?.includes("/functions/chime-chat-api-local-moderationProcessor/")) res.writeHead(202).end();
      else res.writeHead(404, { "x-amzn-ErrorType": "ResourceNotFoundException" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

test("an ARN of the stack's region and account names the sls offline function", () => {
  const arn = "arn:aws:lambda:us-east-1:111122223333:function:chime-chat-api-local-moderationProcessor";
  expect(offlineFunctionName(arn, stack)).toBe("chime-chat-api-local-moderationProcessor");
  expect(offlineFunctionName(`${arn}:$LATEST`, stack)).toBe("chime-chat-api-local-moderationProcessor");
  expect(() => offlineFunctionName(arn.replace("us-east-1", "eu-central-1"), stack)).toThrow(LambdaInvocationError);
  expect(() => offlineFunctionName(arn.replace("111122223333", "444455556666"), stack)).toThrow(LambdaInvocationError);
});

test("an Event invocation over the socket: 202 resolves with the payload delivered; 404 or no listener rejects", async () => {
  const invoker = slsOfflineInvoker({ socketPath, ...stack });
  const payload = JSON.stringify({ EventType: "CHANNEL_MESSAGE_EVENT", CallbackId: "c" });
  await invoker.invokeAsync(
    "arn:aws:lambda:us-east-1:111122223333:function:chime-chat-api-local-moderationProcessor",
    payload,
  );
  expect(received.at(-1)).toMatchObject({
    path: "/2015-03-31/functions/chime-chat-api-local-moderationProcessor/invocations",
    headers: { "x-amz-invocation-type": "Event", "content-type": "application/json" },
    body: payload,
  });
  await expect(
    invoker.invokeAsync("arn:aws:lambda:us-east-1:111122223333:function:chime-chat-api-local-nothing", payload),
  ).rejects.toThrow(/404 ResourceNotFoundException/);
  const nowhere = slsOfflineInvoker({ socketPath: join(dir, "none.sock"), ...stack });
  await expect(
    nowhere.invokeAsync(
      "arn:aws:lambda:us-east-1:111122223333:function:chime-chat-api-local-moderationProcessor",
      payload,
    ),
  ).rejects.toBeInstanceOf(LambdaInvocationError);
});
