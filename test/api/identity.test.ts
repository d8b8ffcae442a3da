/**
 * Who a token may be (docs/identity.md), over HTTP through the real handler and the local endpoint.
 * Tokens are signed by a test key and verified by the same code as cognito-local's, so every claim,
 * including a `sub` no real user pool would issue, can be tried.
 */
import { UserProvisioner } from "../../src/auth/provisioning";
import { ChimeCallError } from "../../src/chime/errors";
import { startApiStack, type ApiStack } from "../support/apiStack";
import { dataOf, errorOf } from "../support/apiOperations";

let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack({ auth: "test-issuer" });
});

afterAll(async () => {
  await stack?.close();
});

/** Every call the API made to "AWS" (Chime and STS) and every request the endpoint answered. */
const awsRequests = () => stack.proxy.calls.length + stack.endpointLog.length;

const CREATE = `mutation { createChannel(input: { name: "should not exist" }) { id } }`;
const CREDENTIALS = `mutation { credentials { accessKeyId } }`;

function expectRefusedIdentity(response: Awaited<ReturnType<ApiStack["gql"]>>) {
  expect(response.status).toBe(403);
  expect(response.body.data).toBeUndefined();
  const error = errorOf(response, "FORBIDDEN");
  expect(error.message).toBe("This account cannot use the chat API.");
  expect(error.extensions).toEqual({ code: "FORBIDDEN", requestId: response.headers.get("x-request-id") });
}

describe("reserved identities", () => {
  test.each([
    ["a token with sub=backend_worker (the AppInstanceAdmin's id)", "backend_worker"],
    ["a token with a sub that is not a Cognito UUID", "alice"],
    ["a token with an upper-case UUID (Cognito's are lower-case)", "0F1E2D3C-AAAA-4BBB-8CCC-123456789012"],
  ])("%s is FORBIDDEN (403) before any Chime or STS call", async (_, sub) => {
    const before = awsRequests();
    for (const query of [CREATE, CREDENTIALS, "{ me { arn isAdmin } }"]) {
      expectRefusedIdentity(await stack.gql(stack.issuer!.token({ sub, claims: { name: "x" } }), query));
    }
    expect(awsRequests()).toBe(before);
  });

  test("an admin's token with sub=backend_worker gets nothing either", async () => {
    const token = stack.issuer!.token({ sub: "backend_worker", claims: { "cognito:groups": ["admins"] } });
    expectRefusedIdentity(await stack.gql(token, "{ channels(privacy: PRIVATE) { edges { node { arn } } } }"));
  });

  test("AUTH_USER_ID_PATTERN: another issuer's shape of sub; RESERVED_USER_IDS: more service ids", async () => {
    // Such a pattern may not admit a reserved id (the configuration refuses it), so the service ids
    // live outside the namespace of the issuer's subs.
    const api = await stack.startApi({ AUTH_USER_ID_PATTERN: "u-[a-z]{3,20}", RESERVED_USER_IDS: "ops_bot" });
    const carol = stack.issuer!.token({ sub: "u-carol", claims: { name: "Carol" } });
    expect(dataOf<{ me: { userId: string } }>(await api.gql(carol, "{ me { userId } }"))).toEqual({
      me: { userId: "u-carol" },
    });
    const before = awsRequests();
    expectRefusedIdentity(await api.gql(stack.issuer!.token({ sub: "ops_bot" }), "{ me { userId } }"));
    // A UUID is not of this issuer's shape any more.
    const alice = await stack.user("alice");
    expectRefusedIdentity(await api.gql(alice.token, "{ me { userId } }"));
    expect(awsRequests()).toBe(before);
    await api.close();
  });
});

describe("display names from verified claims only", () => {
  const me = async (claims: Record<string, unknown>) => {
    const sub = crypto.randomUUID();
    const token = stack.issuer!.token({ sub, claims: { "cognito:username": sub, ...claims } });
    return { sub, response: await stack.gql(token, "{ me { userId name } }") };
  };

  test("an unverified email is not used as the name", async () => {
    for (const verified of [false, "false", undefined]) {
      const { sub, response } = await me({ email: "alice@example.com", email_verified: verified ?? null });
      expect(dataOf(response)).toEqual({ me: { userId: sub, name: sub } });
    }
  });

  test("a verified email is, after name and preferred_username", async () => {
    expect(dataOf((await me({ email: "bob@example.com", email_verified: true })).response)).toMatchObject({
      me: { name: "bob@example.com" },
    });
    expect(
      dataOf((await me({ email: "bob@example.com", email_verified: "true", preferred_username: "bobby" })).response),
    ).toMatchObject({ me: { name: "bobby" } });
    expect(
      dataOf(
        (await me({ email: "bob@example.com", email_verified: true, preferred_username: "b", name: "Bob" })).response,
      ),
    ).toMatchObject({ me: { name: "Bob" } });
  });

  test.each([
    ["U+200B (zero-width space)", "ali\u200bce", "alice"],
    ["U+202E (right-to-left override)", "\u202eecila", "ecila"],
    ["only invisible characters", "\u200b\u202e\u2066", null],
  ])("a name with %s: the user can still use the API, named readably", async (_, name, shown) => {
    const sub = crypto.randomUUID();
    const token = stack.issuer!.token({ sub, claims: { name, "cognito:username": sub } });
    const expected = shown ?? sub;
    expect(dataOf(await stack.gql(token, "{ me { name } }"))).toEqual({ me: { name: expected } });
    const created = dataOf<{ createChannel: { arn: string; createdBy: { name: string } } }>(
      await stack.gql(token, `mutation { createChannel(input: { name: "mine" }) { arn createdBy { name } } }`),
    );
    expect(created.createChannel.createdBy.name).toBe(expected);
    const sent = await stack.gql(
      token,
      `mutation($c: ID!) { sendMessage(input: { channelArn: $c, content: "still here" }) { message { sender { name } } } }`,
      { c: created.createChannel.arn },
    );
    expect(dataOf(sent)).toEqual({ sendMessage: { message: { sender: { name: expected } } } });
  });
});

describe("UserProvisioner (a pure unit): a name Chime refuses never fails the request", () => {
  const refusal = () => new ChimeCallError("BAD_USER_INPUT", "CreateAppInstanceUser", "BadRequestException", 400, "r");

  test("the user is created with its id as name, and the refusal is told once, without the name", async () => {
    const created: [string, string][] = [];
    const refused: string[] = [];
    const provisioner = new UserProvisioner(
      {
        createAppInstanceUser: (userId, name) => {
          created.push([userId, name]);
          return name === userId ? Promise.resolve("created") : Promise.reject(refusal());
        },
      },
      (userId) => refused.push(userId),
    );
    await provisioner.ensure({ sub: "u1", name: "a name Chime refuses" });
    await provisioner.ensure({ sub: "u1", name: "a name Chime refuses" });
    expect(created).toEqual([
      ["u1", "a name Chime refuses"],
      ["u1", "u1"],
    ]);
    expect(refused).toEqual(["u1"]);
  });

  test("other failures are not hidden, and are retried on the next request", async () => {
    let calls = 0;
    const provisioner = new UserProvisioner({
      createAppInstanceUser: () => {
        calls += 1;
        return calls === 1
          ? Promise.reject(
              new ChimeCallError("UPSTREAM_UNAVAILABLE", "CreateAppInstanceUser", "ServiceFailureException", 500, "r"),
            )
          : Promise.resolve("exists");
      },
    });
    await expect(provisioner.ensure({ sub: "u2", name: "n" })).rejects.toMatchObject({ code: "UPSTREAM_UNAVAILABLE" });
    await expect(provisioner.ensure({ sub: "u2", name: "n" })).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});
