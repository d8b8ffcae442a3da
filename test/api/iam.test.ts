/**
 * The API under the server role's IAM policy (policies/server-role.json, enforced by the local
 * endpoint on the server key): with the real policy every operation works (the other test files); with
 * an action taken out, Chime's AccessDeniedException reaches the client as FORBIDDEN.
 */
import { policyTemplate } from "../../policies";
import { createChannel, dataOf, errorOf, signIn } from "../support/apiOperations";
import { startApiStack, type ApiStack, type ApiUser } from "../support/apiStack";

let stack: ApiStack;
let alice: ApiUser;

beforeAll(async () => {
  const narrower = policyTemplate("server-role").replace('"chime:SendChannelMessage",', "");
  expect(narrower).not.toContain("chime:SendChannelMessage");
  stack = await startApiStack({
    auth: "test-issuer",
    endpoint: { account: { policyTemplates: { "server-role": narrower } } },
  });
  alice = await stack.user("alice");
  await signIn(stack, alice);
});

afterAll(async () => {
  await stack?.close();
});

test("an action the server role may not take is FORBIDDEN for the caller, and says nothing of IAM", async () => {
  const channel = await createChannel(stack, alice, { name: "IAM" });
  const response = await stack.gql(
    alice.token,
    `mutation($c: ID!) { sendMessage(input: { channelArn: $c, content: "hello" }) { messageId } }`,
    { c: channel.arn },
  );
  const error = errorOf(response, "FORBIDDEN");
  expect(JSON.stringify(error)).not.toMatch(/AccessDenied|iam|policy|chime:/i);
  expect(stack.endpointLog.some((entry) => entry.errorType === "AccessDeniedException")).toBe(true);
  // Everything else still works.
  expect(
    dataOf<{ channel: { name: string } }>(await stack.gql(alice.token, `{ channel(arn: "${channel.arn}") { name } }`)),
  ).toEqual({
    channel: { name: "IAM" },
  });
});
