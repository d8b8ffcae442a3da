/**
 * Compiled execution (graphql-jit, src/graphql/execution.ts) answers what graphql-js answers.
 *
 * The runner, on a small schema: an operation is compiled at its run after `compileAfterRuns`, never
 * when that is undefined (graphql-js builds its results of null-prototype objects, graphql-jit of
 * plain ones: that is how the test tells them apart). Then over HTTP: the same documents, through an
 * API that compiles every operation at once (GRAPHQL_COMPILE_AFTER=0) and one that never compiles
 * (off), get the same status and body (the request id aside): data, nested lists, an interface,
 * fragments, aliases, directives, defaults, partial data beside a refusal, and refused variables.
 */
import { buildSchema, Kind, parse, type OperationDefinitionNode } from "graphql";
import { expandedFieldCount, OperationRunner } from "../../src/graphql/execution";
import { CHANNEL_FIELDS, createChannel, MESSAGE_FIELDS, PAGE_INFO, sendMessage } from "../support/apiOperations";
import { startApiStack, type ApiServer, type ApiStack, type ApiUser } from "../support/apiStack";

describe("the runner", () => {
  const schema = buildSchema('type Query { greeting(name: String = "you"): String! list: [Int!]! }');
  Object.assign(schema.getQueryType()?.getFields().greeting ?? {}, {
    resolve: (_: unknown, { name }: { name: string }) => `hello ${name}`,
  });
  Object.assign(schema.getQueryType()?.getFields().list ?? {}, { resolve: () => [1, 2, 3] });
  const document = parse("query Q($name: String) { greeting(name: $name) list } query R { list }");
  const operation = (name: string) =>
    document.definitions.find(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.name?.value === name,
    ) as OperationDefinitionNode;
  const compiled = (data: unknown) => Object.getPrototypeOf(data) === Object.prototype;

  test.each([
    [0, [true, true, true]],
    [1, [false, true, true]],
    [2, [false, false, true]],
    [undefined, [false, false, false]],
  ])("compileAfterRuns %s: runs compiled %j, each with the same result", async (after, expected) => {
    const runner = new OperationRunner(schema, after);
    const seen = [];
    for (const name of ["a", "b", "c"]) {
      const result = await runner.run(document, operation("Q"), {}, { name });
      expect(result).toEqual({ data: { greeting: `hello ${name}`, list: [1, 2, 3] } });
      seen.push(compiled(result.data));
    }
    expect(seen).toEqual(expected);
    // Each operation of a document is counted and compiled on its own.
    const other = await runner.run(document, operation("R"), {}, undefined);
    expect(compiled(other.data)).toBe(after === 0);
  });

  test("an operation of more than 500 fields, fragments expanded, is never compiled", async () => {
    const runner = new OperationRunner(schema, 0);
    const fields = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: list`).join(" ");
    for (const [n, expected] of [
      [500, true],
      [501, false],
    ] as const) {
      const big = parse(`query Big { ${fields(n)} }`);
      const result = await runner.run(big, big.definitions[0] as OperationDefinitionNode, {}, undefined);
      expect(Object.keys(result.data ?? {})).toHaveLength(n);
      expect(compiled(result.data)).toBe(expected);
    }
  });

  test("fields are counted with fragments expanded, each use of a fragment in full", () => {
    const counted = parse(`
      query Q { ...F ...F g: greeting ... on Query { list } }
      fragment F on Query { greeting ...G }
      fragment G on Query { list list2: list }`);
    const operation = counted.definitions[0] as OperationDefinitionNode;
    // F: greeting + G (2) = 3, twice; g; list.
    expect(expandedFieldCount(counted, operation, 100)).toBe(8);
    // Counting stops past the limit.
    expect(expandedFieldCount(counted, operation, 4)).toBe(5);
  });

  test("a variable of the wrong type: the same error either way", async () => {
    const results = [];
    for (const after of [0, undefined]) {
      const runner = new OperationRunner(schema, after);
      results.push(await runner.run(document, operation("Q"), {}, { name: 7 }));
    }
    expect(results[0].data).toBeUndefined();
    expect(results.map((result) => result.errors?.[0].extensions.code)).toEqual(["BAD_USER_INPUT", "BAD_USER_INPUT"]);
    expect(results[0].errors?.map((error) => error.message)).toEqual(results[1].errors?.map((error) => error.message));
  });
});

describe("over HTTP, compiled and not", () => {
  let stack: ApiStack;
  let compiledApi: ApiServer;
  let interpretedApi: ApiServer;
  let alice: ApiUser;
  let channelArn: string;
  let privateArn: string;

  beforeAll(async () => {
    stack = await startApiStack();
    compiledApi = await stack.startApi({ GRAPHQL_COMPILE_AFTER: "0" });
    interpretedApi = await stack.startApi({ GRAPHQL_COMPILE_AFTER: "off" });
    alice = await stack.user("alice");
    const bob = await stack.user("bob");
    channelArn = (await createChannel(stack, alice, { name: "Compiled", metadata: "m" })).arn;
    for (const content of ["one", "two", "three"]) await sendMessage(stack, alice, channelArn, { content });
    privateArn = (await createChannel(stack, bob, { name: "Bob's", privacy: "PRIVATE" })).arn;
  }, 60_000);

  afterAll(async () => {
    await compiledApi?.close();
    await interpretedApi?.close();
    await stack?.close();
  });

  /** An answer without what differs per request (the request id). */
  function comparable(response: Awaited<ReturnType<ApiServer["gql"]>>) {
    const errors = response.body.errors?.map(({ extensions, ...error }) => {
      const { requestId, ...rest } = extensions ?? {};
      expect(requestId).toBe(response.headers.get("x-request-id"));
      return { ...error, extensions: rest };
    });
    return { status: response.status, body: { ...response.body, ...(errors ? { errors } : {}) } };
  }

  const documents: [string, string, () => Record<string, unknown>][] = [
    [
      "a page of messages, every field",
      `query Page($arn: ID!) { messages(channelArn: $arn, first: 2) { edges { cursor node { ${MESSAGE_FIELDS} } } ${PAGE_INFO} } }`,
      () => ({ arn: channelArn }),
    ],
    [
      "fragments, aliases, directives, __typename and an interface",
      `query Mixed($arn: ID!, $withMeta: Boolean!) {
         first: channel(arn: $arn) { ...C __typename }
         again: channel(arn: $arn) { id metadata @include(if: $withMeta) name @skip(if: true) }
         me { ... on Me { __typename } userId }
       }
       fragment C on Channel { ... on Node { id } ${CHANNEL_FIELDS} }`,
      () => ({ arn: channelArn, withMeta: false }),
    ],
    ["argument defaults", `{ channels { edges { node { name } } ${PAGE_INFO} } }`, () => ({})],
    [
      "partial data: a refused field beside an answered one",
      `query Both($mine: ID!, $theirs: ID!) {
         mine: messages(channelArn: $mine, first: 1) { edges { node { content } } }
         theirs: messages(channelArn: $theirs, first: 1) { edges { node { content } } }
       }`,
      () => ({ mine: channelArn, theirs: privateArn }),
    ],
    [
      "a variable of the wrong type",
      "query Wrong($n: Int) { channels(first: $n) { edges { cursor } } }",
      () => ({ n: "x" }),
    ],
    ["a required variable missing", "query Missing($arn: ID!) { channel(arn: $arn) { id } }", () => ({})],
    [
      "an enum value the schema lacks",
      "query Privacy($p: ChannelPrivacy) { channels(privacy: $p) { edges { cursor } } }",
      () => ({ p: "SECRET" }),
    ],
    ["an argument out of range", "{ channels(first: 500) { edges { cursor } } }", () => ({})],
    [
      // graphql-jit writes JavaScript for each operation: a literal must stay a value, never become code.
      "string literals that would be code if pasted into code",
      String.raw`{
         a: channel(arn: "\"); globalThis.compiledInjection = 1; (\"") { id }
         b: channel(arn: "' + (globalThis.compiledInjection = 2) + '") { id }
         c: channel(arn: "\u0060\u0024{globalThis.compiledInjection = 3}\u0060") { id }
       }`,
      () => ({}),
    ],
  ];

  test.each(documents)("%s: the same answer, twice", async (_name, query, variables) => {
    for (let run = 0; run < 2; run++) {
      const [compiled, interpreted] = [
        await compiledApi.gql(alice.token, query, variables()),
        await interpretedApi.gql(alice.token, query, variables()),
      ];
      expect(comparable(compiled)).toEqual(comparable(interpreted));
    }
    expect((globalThis as { compiledInjection?: unknown }).compiledInjection).toBeUndefined();
  });
});
