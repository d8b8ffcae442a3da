/**
 * Hardening over HTTP: malicious queries (depth, aliases, cost, tokens, body size) are refused and the
 * server answers the next request; CSRF prevention; introspection and suggestions by configuration;
 * errors carry a request id and no internals. Through the real sls offline: bodies, headers and GET
 * reach the handler as serverless-offline maps them, not as a mapping of the tests' own.
 */
import { ListChannelMembershipsForAppInstanceUserCommand } from "@aws-sdk/client-chime-sdk-messaging";
import { createChannel, dataOf, errorOf } from "../support/apiOperations";
import { startApiStack, type ApiServer, type ApiStack, type ApiUser } from "../support/apiStack";

let stack: ApiStack;
let alice: ApiUser;
let production: ApiServer;

beforeAll(async () => {
  stack = await startApiStack({ auth: "test-issuer", gateway: "sls-offline" });
  alice = await stack.user("alice");
  // As deployed: introspection and suggestions off (the defaults of API_ENV=aws).
  production = await stack.startApi({ GRAPHQL_INTROSPECTION: "false", GRAPHQL_SUGGESTIONS: "false" });
});

afterAll(async () => {
  await production?.close();
  await stack?.close();
});

/** The names of the channels alice is a member of, read through the endpoint with the developer key. */
async function channelNames(): Promise<string[]> {
  const { ChannelMemberships } = await stack.t.messaging.send(
    new ListChannelMembershipsForAppInstanceUserCommand({ ChimeBearer: alice.arn, MaxResults: 50 }),
  );
  return (ChannelMemberships ?? []).map((membership) => membership.ChannelSummary?.Name ?? "");
}

async function stillAnswers(api: ApiServer = stack) {
  expect(dataOf(await api.gql(alice.token, "{ me { userId } }"))).toEqual({ me: { userId: alice.sub } });
}

function post(url: string, body: string | Buffer, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${alice.token}`, ...headers },
    body,
  });
}

describe("malicious queries are refused, and the server answers the next request", () => {
  test("a query 50 levels deep", async () => {
    let selection = "name";
    for (let level = 0; level < 45; level += 1) selection = `ofType { ${selection} }`;
    const query = `{ __schema { types { fields { type { ${selection} } } } } }`;
    for (const api of [stack, production]) {
      await stillAnswers(api); // the caller's first use (provisioning) is behind us
      const before = stack.proxy.calls.length;
      const response = await api.gql(alice.token, query);
      expect(response.status).toBe(400);
      expect(response.body.data).toBeUndefined();
      const codes = response.body.errors?.map((error) => error.extensions?.code);
      expect(codes?.every((code) => code === "GRAPHQL_VALIDATION_FAILED")).toBe(true);
      if (api === stack)
        expect(response.body.errors?.map((error) => error.message).join()).toMatch(
          /depth limit of 15 exceeded, found 50/,
        );
      expect(stack.proxy.calls.length).toBe(before);
      await stillAnswers(api);
    }
  });

  test("a query 50 levels deep through fragments", async () => {
    const fragments = Array.from(
      { length: 47 },
      (_, i) => `fragment F${i} on __Type { ofType { ${i === 46 ? "name" : `...F${i + 1}`} } }`,
    ).join("\n");
    const response = await stack.gql(alice.token, `{ __schema { types { ...F0 } } }\n${fragments}`);
    expect(response.status).toBe(400);
    expect(response.body.errors?.map((error) => error.message).join()).toMatch(/depth limit/);
    await stillAnswers();
  });

  test("1,000 aliases", async () => {
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: me { userId }`).join(" ");
    const response = await stack.gql(alice.token, `{ ${aliases} }`);
    expect(response.status).toBe(400);
    expect(response.body.data).toBeUndefined();
    // Refused by the token limit while parsing, before the alias rule even runs.
    expect(errorOf(response, "GRAPHQL_PARSE_FAILED").message).toMatch(/more that 2000 tokens/);
    await stillAnswers();
  });

  test("100 aliases (within the token limit) meet the alias limit", async () => {
    const aliases = Array.from({ length: 100 }, (_, i) => `a${i}: me { userId }`).join(" ");
    const response = await stack.gql(alice.token, `{ ${aliases} }`);
    expect(response.status).toBe(400);
    expect(errorOf(response, "GRAPHQL_VALIDATION_FAILED").message).toMatch(/Aliases limit of 15 exceeded, found 100/);
    await stillAnswers();
  });

  test("15 aliased createChannel in one document: refused as a whole, no Chime call", async () => {
    await stillAnswers(); // the caller's first use (provisioning) is behind us
    const channelsBefore = (await channelNames()).length;
    const before = stack.proxy.calls.length;
    const fields = Array.from({ length: 15 }, (_, i) => `c${i}: createChannel(input: { name: "burst ${i}" }) { id }`);
    const response = await stack.gql(alice.token, `mutation { ${fields.join(" ")} }`);
    expect(response.status).toBe(400);
    expect(response.body.data).toBeUndefined();
    const error = errorOf(response, "GRAPHQL_VALIDATION_FAILED");
    expect(error.message).toBe(
      "A mutation may run at most 5 fields (aliases count); this one has 15. Send them in several requests.",
    );
    expect(error.extensions?.limit).toBe(5);
    expect(stack.proxy.calls).toHaveLength(before);
    expect(await channelNames()).toHaveLength(channelsBefore);
  });

  test("the mutation field limit sees through fragments and inline fragments; 5 fields still run", async () => {
    const create = (i: number) => `f${i}: createChannel(input: { name: "fragment ${i}" }) { id }`;
    const hidden = `mutation { ...A ... on Mutation { ${create(0)} ${create(1)} } }
      fragment A on Mutation { ${create(2)} ${create(3)} ...B } fragment B on Mutation { ${create(4)} ${create(5)} }`;
    const before = stack.proxy.calls.length;
    const refused = await stack.gql(alice.token, hidden);
    expect(refused.status).toBe(400);
    expect(errorOf(refused, "GRAPHQL_VALIDATION_FAILED").message).toMatch(/at most 5 fields .* has 6/);
    expect(stack.proxy.calls).toHaveLength(before);
    const five = Array.from({ length: 5 }, (_, i) => create(i + 10));
    const ran = dataOf<Record<string, { id: string }>>(await stack.gql(alice.token, `mutation { ${five.join(" ")} }`));
    expect(Object.keys(ran)).toHaveLength(5);
  });

  test("a costly query within the depth and alias limits", async () => {
    const page = `channels(first: 50) { edges { cursor node { id arn name mode privacy metadata createdAt updatedAt lastMessageAt createdBy { id arn userId name } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }`;
    const query = `{ ${Array.from({ length: 14 }, (_, i) => `c${i}: ${page}`).join(" ")} }`;
    const before = stack.proxy.calls.length;
    const response = await stack.gql(alice.token, query);
    expect(response.status).toBe(400);
    expect(errorOf(response, "GRAPHQL_VALIDATION_FAILED").message).toMatch(/Cost limit of 5000 exceeded/);
    expect(stack.proxy.calls.length).toBe(before);
    await stillAnswers();
  });

  test("a 1 MB body", async () => {
    const padding = "x".repeat(1024 * 1024);
    const response = await post(stack.url, JSON.stringify({ query: "{ me { userId } }", variables: { padding } }));
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0]?.extensions).toEqual({
      code: "BAD_REQUEST",
      limit: 102400,
      requestId: response.headers.get("x-request-id"),
    });
    await stillAnswers();
  });

  test("a body that is not JSON", async () => {
    const response = await post(stack.url, "{ not json");
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0]).toEqual({
      message: "The request body is not valid JSON.",
      extensions: { code: "BAD_REQUEST", requestId: response.headers.get("x-request-id") },
    });
    await stillAnswers();
  });

  test("a batch of operations", async () => {
    const response = await post(
      stack.url,
      JSON.stringify([{ query: "{ me { userId } }" }, { query: "{ me { userId } }" }]),
    );
    expect(response.status).toBe(400);
    await stillAnswers();
  });
});

// The server keeps each document that parsed and passed validation (src/graphql/server.ts, keyed by
// the query text), and the next request with the same text skips parsing and validation,
// armor's rules and the mutation field limit with them. Those rules read the document only, so what
// passed once passes again; everything that reads the variables runs on every request.
describe("a document the server has kept from an earlier request is checked again where it matters", () => {
  test("a refused document is not kept: the same text is refused again, with no Chime call", async () => {
    await stillAnswers();
    let selection = "name";
    for (let level = 0; level < 20; level += 1) selection = `ofType { ${selection} }`;
    const deep = `query Deep { __schema { types { fields { type { ${selection} } } } } }`;
    const fields = Array.from({ length: 6 }, (_, i) => `c${i}: createChannel(input: { name: "kept ${i}" }) { id }`);
    const tooMany = `mutation TooMany { ${fields.join(" ")} }`;
    const before = stack.proxy.calls.length;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const depth = await stack.gql(alice.token, deep);
      expect(depth.status).toBe(400);
      expect(errorOf(depth, "GRAPHQL_VALIDATION_FAILED").message).toMatch(/depth limit of 15 exceeded/);
      const mutation = await stack.gql(alice.token, tooMany);
      expect(mutation.status).toBe(400);
      expect(errorOf(mutation, "GRAPHQL_VALIDATION_FAILED").message).toMatch(/at most 5 fields .* has 6/);
    }
    expect(stack.proxy.calls).toHaveLength(before);
  });

  test("the same text with other variables meets the input limits on every request", async () => {
    const channel = await createChannel(stack, alice, { name: "kept documents" });
    const page = "query Page($c: ID!, $n: Int) { messages(channelArn: $c, first: $n) { edges { node { id } } } }";
    const send =
      "mutation Send($c: ID!, $t: String!) { sendMessage(input: { channelArn: $c, content: $t }) { messageId } }";
    dataOf(await stack.gql(alice.token, page, { c: channel.arn, n: 10 }));
    dataOf(await stack.gql(alice.token, send, { c: channel.arn, t: "within the limit" }));
    const before = stack.proxy.calls.length;
    const bigPage = await stack.gql(alice.token, page, { c: channel.arn, n: 1000 });
    expect(bigPage.body.data).toBeNull();
    expect(errorOf(bigPage, "BAD_USER_INPUT").extensions).toMatchObject({ field: "first", limit: 50 });
    // Chime takes at most 4 KB of content in a STANDARD message.
    const bigMessage = await stack.gql(alice.token, send, { c: channel.arn, t: "x".repeat(4097) });
    expect(bigMessage.body.data).toBeNull();
    expect(errorOf(bigMessage, "BAD_USER_INPUT").extensions).toMatchObject({ field: "input.content", limit: 4096 });
    expect(stack.proxy.calls).toHaveLength(before);
    dataOf(await stack.gql(alice.token, page, { c: channel.arn, n: 10 }));
  });
});

test("every answer is cache-control: no-store, whoever produced it", async () => {
  const query = JSON.stringify({ query: "{ me { userId } }" });
  const answers = [
    await post(stack.url, query),
    await post(stack.url, query, { authorization: "Bearer not-a-token" }),
    await post(stack.url, "{ not json"),
    await post(stack.url, JSON.stringify({ query: "{ me { userId } }", variables: { padding: "x".repeat(200_000) } })),
    await post(stack.url, JSON.stringify({ query: "{ me { nope } }" })),
  ];
  expect(answers.map((answer) => [answer.status, answer.headers.get("cache-control")])).toEqual([
    [200, "no-store"],
    [401, "no-store"],
    [400, "no-store"],
    [413, "no-store"],
    [400, "no-store"],
  ]);
});

describe("CSRF prevention", () => {
  test("a POST that a browser could send without preflight (text/plain) is refused", async () => {
    const response = await post(stack.url, JSON.stringify({ query: "{ me { userId } }" }), {
      "content-type": "text/plain",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/i);
  });

  test("a GET needs apollo-require-preflight (or x-apollo-operation-name), and never mutates", async () => {
    const url = `${stack.url}?query=${encodeURIComponent("{ me { userId } }")}`;
    const headers = { authorization: `Bearer ${alice.token}` };
    expect((await fetch(url, { headers })).status).toBe(400);
    const allowed = await fetch(url, { headers: { ...headers, "apollo-require-preflight": "true" } });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ data: { me: { userId: alice.sub } } });
    const mutation = `${stack.url}?query=${encodeURIComponent('mutation { createChannel(input: { name: "via GET" }) { id } }')}`;
    const refused = await fetch(mutation, { headers: { ...headers, "apollo-require-preflight": "true" } });
    expect(refused.status).toBe(405);
  });
});

describe("media types", () => {
  test("JSON unless accept prefers application/graphql-response+json; 400 before anything runs either way", async () => {
    const query = JSON.stringify({ query: "{ me { userId } }" });
    const plain = await post(stack.url, query);
    expect(plain.headers.get("content-type")).toMatch(/^application\/json/);
    const accept = "application/graphql-response+json, application/json;q=0.9";
    const preferred = await post(stack.url, query, { accept });
    expect(preferred.status).toBe(200);
    expect(preferred.headers.get("content-type")).toMatch(/^application\/graphql-response\+json/);
    const invalid = await post(stack.url, JSON.stringify({ query: "{ nothing }" }), { accept });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get("content-type")).toMatch(/^application\/graphql-response\+json/);
  });

  test("an accept that allows neither is 406, and the operation does not run", async () => {
    await stillAnswers();
    const before = stack.proxy.calls.length;
    const mutation = JSON.stringify({ query: 'mutation { createChannel(input: { name: "not for html" }) { id } }' });
    const refused = await post(stack.url, mutation, { accept: "text/html" });
    expect(refused.status).toBe(406);
    expect(refused.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await refused.json()).toMatchObject({ errors: [{ extensions: { code: "BAD_REQUEST" } }] });
    expect(stack.proxy.calls).toHaveLength(before);
  });
});

describe("introspection and suggestions", () => {
  test("locally: introspection on, suggestions on", async () => {
    const schema = dataOf(await stack.gql(alice.token, "{ __schema { queryType { name } } }"));
    expect(schema).toEqual({ __schema: { queryType: { name: "Query" } } });
    const typo = await stack.gql(alice.token, "{ mee { userId } }");
    expect(errorOf(typo, "GRAPHQL_VALIDATION_FAILED").message).toMatch(/Did you mean "me"\?/);
  });

  test("as deployed: introspection off, no suggestions", async () => {
    const schema = await production.gql(alice.token, "{ __schema { queryType { name } } }");
    expect(schema.status).toBe(400);
    expect(errorOf(schema, "GRAPHQL_VALIDATION_FAILED").message).toMatch(/introspection/i);
    const typo = await production.gql(alice.token, "{ mee { userId } }");
    const error = errorOf(typo, "GRAPHQL_VALIDATION_FAILED");
    expect(error.message).not.toMatch(/Did you mean/);
    expect(JSON.stringify(typo.body)).not.toContain('"me"');
    await stillAnswers(production);
  });
});

describe("errors", () => {
  test("Chime unreachable: UPSTREAM_UNAVAILABLE with a request id, and nothing internal", async () => {
    const down = await stack.startApi({ CHIME_CONNECTION_TIMEOUT_MS: "500" });
    const stranger = await stack.user("stranger");
    // The SDK reads its endpoint variables when a client first sends: point this one at a closed port.
    const endpoint = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:1";
    let response: Awaited<ReturnType<ApiServer["gql"]>>;
    try {
      response = await down.gql(stranger.token, "{ me { userId } }");
    } finally {
      process.env.AWS_ENDPOINT_URL = endpoint;
    }
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
    const error = errorOf(response, "UPSTREAM_UNAVAILABLE");
    expect(error.message).toBe("The chat service is unavailable; retry later.");
    expect(JSON.stringify(response.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stacktrace|\n\s+at /);
    await down.close();
  });

  test("a Chime refusal reads the same whatever Chime said", async () => {
    const owner = await stack.user("owner");
    const channel = await createChannel(stack, owner, { name: "Quiet", privacy: "PRIVATE" });
    const response = await stack.gql(alice.token, `{ channel(arn: "${channel.arn}") { id } }`);
    const error = errorOf(response, "FORBIDDEN");
    expect(error).toEqual({
      message: "You are not allowed to do this, or the resource does not exist.",
      locations: [{ line: 1, column: 3 }],
      path: ["channel"],
      extensions: { code: "FORBIDDEN", requestId: response.headers.get("x-request-id") },
    });
  });

  test("two operations and no operation name: 400 OPERATION_RESOLUTION_FAILURE, nothing runs", async () => {
    await stillAnswers();
    const before = stack.proxy.calls.length;
    const response = await stack.gql(alice.token, "query A { me { userId } } query B { me { name } }");
    expect(response.status).toBe(400);
    expect(errorOf(response, "OPERATION_RESOLUTION_FAILURE").message).toMatch(/Must provide operation name/);
    expect(stack.proxy.calls).toHaveLength(before);
  });

  test("routes other than /graphql are not served", async () => {
    expect((await fetch(stack.url.replace(/\/graphql$/, "/other"), { method: "POST" })).status).toBe(404);
  });
});
