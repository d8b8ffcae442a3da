/**
 * npm start's first query against a server that answers as the API would: a 503 with `retry-after` is
 * asked again (a few times), anything else that is not the user's ARN fails the start at once.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { checkFirstQuery } from "./firstQuery";

const ARN = "arn:aws:chime:us-east-1:111122223333:app-instance/abc/user/alice";

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

let server: Server;
let url: string;
let answers: Answer[];
let asked: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    const answer = answers[Math.min(asked++, answers.length - 1)];
    res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
beforeEach(() => (asked = 0));
afterAll(() => new Promise((resolve) => server.close(resolve)));

const unavailable: Answer = {
  status: 503,
  headers: { "retry-after": "0" },
  body: {
    errors: [
      { message: "The chat service is unavailable; retry later.", extensions: { code: "UPSTREAM_UNAVAILABLE" } },
    ],
  },
};
const me: Answer = { status: 200, body: { data: { me: { arn: ARN } } } };

test("a 503 with retry-after is asked again, and the start goes on with the answer", async () => {
  answers = [unavailable, me];
  const said: string[] = [];
  await checkFirstQuery(url, "token", ARN, "alice", (line) => said.push(line));
  expect(asked).toBe(2);
  expect(said).toEqual([expect.stringContaining("HTTP 503")]);
});

test("three 503s fail the start, with the API's answer", async () => {
  answers = [unavailable];
  await expect(checkFirstQuery(url, "token", ARN, "alice", () => undefined)).rejects.toThrow(
    /HTTP 503.*UPSTREAM_UNAVAILABLE/,
  );
  expect(asked).toBe(3);
});

test.each([
  ["a 503 without retry-after", { status: 503, body: { errors: [] } }],
  ["a 401", { status: 401, body: { errors: [{ extensions: { code: "UNAUTHENTICATED" } }] } }],
  ["another user's ARN", { status: 200, body: { data: { me: { arn: `${ARN}-not` } } } }],
  ["a body that is not JSON", { status: 200, body: "<html>" }],
])("%s fails the start at once", async (_name, answer) => {
  answers = [answer];
  await expect(checkFirstQuery(url, "token", ARN, "alice", () => undefined)).rejects.toThrow(/did not answer/);
  expect(asked).toBe(1);
});
