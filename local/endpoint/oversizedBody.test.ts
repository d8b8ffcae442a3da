/**
 * A body over the endpoint's limit (1 MiB) gets an answer in its protocol, 413, on a connection that
 * stays usable: a keep-alive client sends its next request on the same socket.
 */
import { Agent, request } from "node:http";
import { startTestEndpoint, type TestEndpoint } from "../../test/support/localEndpoint";

let t: TestEndpoint;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
beforeAll(async () => {
  t = await startTestEndpoint();
});
afterAll(async () => {
  agent.destroy();
  await t.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  reusedSocket: boolean;
}

/** Unsigned on purpose: the body is refused before its signature is even looked at. */
function post(path: string, body: Buffer, contentType: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: t.endpoint.port,
        method: "POST",
        path,
        agent,
        headers: { "content-type": contentType },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, reusedSocket: req.reusedSocket }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const tooLarge = Buffer.alloc(1024 * 1024 + 1, "a");

test("Chime answers 413 RequestEntityTooLargeException as JSON, and the connection serves the next request", async () => {
  const path = `/channels/${encodeURIComponent("arn:aws:chime:us-east-1:111122223333:app-instance/a/channel/c")}/messages`;
  const answer = await post(path, tooLarge, "application/json");
  expect(answer.status).toBe(413);
  expect(answer.headers["x-amzn-errortype"]).toBe("RequestEntityTooLargeException");
  expect(answer.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
  expect(JSON.parse(answer.body)).toEqual({
    Code: "RequestEntityTooLarge",
    Message: "Request Too Long: the body is over 1048576 bytes.",
  });
  const next = await post(path, Buffer.from("{}"), "application/json");
  expect(next.reusedSocket).toBe(true);
  expect(next.headers["x-amzn-errortype"]).toBe("MissingAuthenticationTokenException");
});

test("STS answers 413 in its XML ErrorResponse (not a 500), and the connection serves the next request", async () => {
  const answer = await post("/", tooLarge, "application/x-www-form-urlencoded");
  expect(answer.status).toBe(413);
  expect(answer.headers["content-type"]).toBe("text/xml");
  expect(answer.body).toContain("<Code>RequestEntityTooLarge</Code>");
  expect(answer.body).toContain("<Type>Sender</Type>");
  expect(answer.body).toMatch(/<RequestId>[0-9a-f-]{36}<\/RequestId>/);
  const next = await post(
    "/",
    Buffer.from("Action=GetCallerIdentity&Version=2011-06-15"),
    "application/x-www-form-urlencoded",
  );
  expect(next.reusedSocket).toBe(true);
  expect(next.body).toContain("<Code>MissingAuthenticationToken</Code>");
});

test("a body of exactly the limit is read and handled as usual", async () => {
  const answer = await post("/", Buffer.alloc(1024 * 1024, "a"), "application/x-www-form-urlencoded");
  expect(answer.status).toBe(403);
  expect(answer.body).toContain("<Code>MissingAuthenticationToken</Code>");
});
