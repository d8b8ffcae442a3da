/**
 * The deviations from the official models that a run of boto3 against them found (issue 12), each by
 * name, over HTTP with the official SDK clients (raw signed HTTP where an SDK will not send the
 * request). Expected values come from the models and AWS's documentation, cited where used.
 */
import {
  CreateAppInstanceUserCommand,
  DescribeAppInstanceUserCommand,
  UpdateAppInstanceUserCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import {
  BadRequestException,
  CreateChannelCommand,
  DescribeChannelCommand,
  GetChannelMessageCommand,
  SendChannelMessageCommand,
  UpdateChannelMessageCommand,
  type ChimeSDKMessagingClient,
} from "@aws-sdk/client-chime-sdk-messaging";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { createChannel, sendMessage } from "../support/channels";
import { createApp, startTestEndpoint, type AppFixture, type TestEndpoint } from "../support/localEndpoint";
import { signedRequest } from "../support/signedHttp";
import { assumeUserRole, messagingClientWith, stsClient } from "../support/sts";
import { CaseBuilder, readModel } from "./modelCases";

let t: TestEndpoint;
let app: AppFixture;
/** A channel and message the per-operation loops below name (they delete them along the way). */
let target: { channelArn: string; messageId: string };
/** The channel the other tests use. */
let channelArn: string;
beforeAll(async () => {
  t = await startTestEndpoint();
  app = await createApp(t.identity, ["alice", "bob"]);
  await t.usePoliciesFor(app.appInstanceArn);
  const targetChannel = await createChannel(t.messaging, app, { owner: "alice", members: ["bob"] });
  target = {
    channelArn: targetChannel,
    messageId: await sendMessage(t.messaging, targetChannel, app.users.alice, "hello"),
  };
  channelArn = await createChannel(t.messaging, app, { owner: "alice", members: ["bob"] });
});
afterAll(() => t.close());

const CHIME_ARN_PATTERN =
  "^arn:[a-z0-9-\\.]{1,63}:[a-z0-9-\\.]{0,63}:[a-z0-9-\\.]{0,63}:[a-z0-9-\\.]{0,63}:[^/].{0,1023}$";

const messaging = readModel("chime-sdk-messaging-2021-05-15.json");
const messagingCases = new CaseBuilder(messaging);

/** A valid input of a messaging operation, naming the real channel, message, app instance and bob. */
function realInput(operation: string): Record<string, unknown> {
  const inputId = messaging.operations.find((op) => op.name === operation)?.inputId as string;
  const input = messagingCases.validInput(inputId);
  const real: Record<string, unknown> = {
    ChannelArn: target.channelArn,
    MessageId: target.messageId,
    AppInstanceArn: app.appInstanceArn,
    ChimeBearer: app.users.alice,
    MemberArn: app.users.bob,
    ChannelModeratorArn: app.users.bob,
    AppInstanceUserArn: app.users.bob,
  };
  for (const name of Object.keys(input)) if (name in real) input[name] = real[name];
  return input;
}

async function answerOf(client: ChimeSDKMessagingClient, operation: string, input: Record<string, unknown>) {
  const sdk = (await import("@aws-sdk/client-chime-sdk-messaging")) as unknown as Record<
    string,
    new (input: unknown) => never
  >;
  try {
    await client.send(new sdk[`${operation}Command`](input));
    return { status: 200, name: "", message: "" };
  } catch (error) {
    const failure = error as Error & { $metadata: { httpStatusCode: number } };
    return { status: failure.$metadata.httpStatusCode, name: failure.name, message: failure.message };
  }
}

const implementedWithBearer = () =>
  messaging.operations
    .filter((op) => t.endpoint.implementedOperations.includes(op.name))
    .map((op) => op.name)
    .filter((name) => "ChimeBearer" in realInput(name));

test("a ChimeBearer that is not an ARN, or 1,601 characters long, is a 400 on every operation that takes one", async () => {
  const operations = implementedWithBearer();
  expect(operations.length).toBeGreaterThanOrEqual(16);
  const tooLong = `${app.users.alice}${"x".repeat(1601 - app.users.alice.length)}`;
  for (const operation of operations) {
    const notAnArn = await answerOf(t.messaging, operation, { ...realInput(operation), ChimeBearer: "not-an-arn" });
    expect({ operation, ...notAnArn }).toEqual({
      operation,
      status: 400,
      name: "BadRequestException",
      message:
        "1 validation error detected: Value 'not-an-arn' at 'chimeBearer' failed to satisfy constraint: " +
        `Member must satisfy regular expression pattern: ${CHIME_ARN_PATTERN}`,
    });
    const long = await answerOf(t.messaging, operation, { ...realInput(operation), ChimeBearer: tooLong });
    expect({ operation, status: long.status, name: long.name }).toEqual({
      operation,
      status: 400,
      name: "BadRequestException",
    });
    expect(long.message).toContain(
      `Value '${tooLong}' at 'chimeBearer' failed to satisfy constraint: Member must have length less than or equal to 1600`,
    );
  }
});

test("a malformed ChannelArn, MessageId, MemberArn or AppInstanceArn is a 400 naming it, not a 401/403/404", async () => {
  const broken: Record<string, string> = {
    ChannelArn: "not-an-arn",
    MessageId: "not a message id",
    MemberArn: "arn:",
    ChannelModeratorArn: "arn:",
    AppInstanceArn: "not-an-arn",
  };
  let checked = 0;
  for (const operation of implementedWithBearer()) {
    const input = realInput(operation);
    for (const [member, value] of Object.entries(broken)) {
      if (!(member in input)) continue;
      const answer = await answerOf(t.messaging, operation, { ...input, [member]: value });
      const path = `${member.charAt(0).toLowerCase()}${member.slice(1)}`;
      expect({ operation, member, status: answer.status, name: answer.name }).toEqual({
        operation,
        member,
        status: 400,
        name: "BadRequestException",
      });
      expect(answer.message).toMatch(new RegExp(`Value '${value}' at '${path}' failed to satisfy constraint`));
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(30);
  // The same calls with the real values pass validation (this is what makes the 400s above meaningful).
  for (const operation of implementedWithBearer()) {
    const answer = await answerOf(t.messaging, operation, realInput(operation));
    expect({ operation, message: answer.message }).not.toEqual({
      operation,
      message: expect.stringMatching(/validation errors? detected/) as string,
    });
  }
});

describe("ClientRequestToken is required (the model's @required @idempotencyToken)", () => {
  const post = (path: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    signedRequest({
      port: t.endpoint.port,
      credentials: t.credentials.developer,
      method: "POST",
      path,
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
  const nullToken =
    "1 validation error detected: Value null at 'clientRequestToken' failed to satisfy constraint: Member must not be null";

  test.each([
    ["CreateChannel", () => post("/channels", { AppInstanceArn: app.appInstanceArn, Name: "x" }, bearer())],
    [
      "SendChannelMessage",
      () =>
        post(
          `/channels/${encodeURIComponent(channelArn)}/messages`,
          { Content: "x", Type: "STANDARD", Persistence: "PERSISTENT" },
          bearer(),
        ),
    ],
    [
      "CreateAppInstanceUser",
      () => post("/app-instance-users", { AppInstanceArn: app.appInstanceArn, AppInstanceUserId: "carol", Name: "c" }),
    ],
    ["CreateAppInstance", () => post("/app-instances", { Name: "x" })],
  ])("%s without one is a BadRequestException", async (_, send) => {
    const response = await send();
    expect(response.status).toBe(400);
    expect(response.headers["x-amzn-errortype"]).toBe("BadRequestException");
    expect(JSON.parse(response.body)).toEqual({ Code: "BadRequest", Message: nullToken });
  });

  const bearer = () => ({ "x-amz-chime-bearer": app.users.alice });

  test("the SDK fills one in when the caller leaves it out, so each call is its own", async () => {
    const create = () =>
      t.messaging.send(
        new CreateChannelCommand({ AppInstanceArn: app.appInstanceArn, Name: "twice", ChimeBearer: app.users.alice }),
      );
    const [first, second] = [await create(), await create()];
    expect(first.ChannelArn).not.toBe(second.ChannelArn);
    const token = "same-token-twice";
    const again = () =>
      t.messaging.send(
        new CreateChannelCommand({
          AppInstanceArn: app.appInstanceArn,
          Name: "once",
          ChimeBearer: app.users.alice,
          ClientRequestToken: token,
        }),
      );
    expect((await again()).ChannelArn).toBe((await again()).ChannelArn);
  });
});

test("an empty path label is a 400 naming the label, never another operation", async () => {
  const get = (path: string) =>
    signedRequest({
      port: t.endpoint.port,
      credentials: t.credentials.developer,
      method: "GET",
      path,
      headers: { "x-amz-chime-bearer": app.users.alice },
    });
  // Without the MessageId, the path is ListChannelMessages' plus a slash: it was answered as that (200).
  const noMessageId = await get(`/channels/${encodeURIComponent(channelArn)}/messages/`);
  expect(noMessageId.status).toBe(400);
  expect(noMessageId.headers["x-amzn-errortype"]).toBe("BadRequestException");
  expect(JSON.parse(noMessageId.body)).toEqual({
    Code: "BadRequest",
    Message:
      "1 validation error detected: Value '' at 'messageId' failed to satisfy constraint: " +
      "Member must have length greater than or equal to 1",
  });
  const noChannelArn = await get("/channels//messages/x");
  expect(noChannelArn.status).toBe(400);
  expect((JSON.parse(noChannelArn.body) as { Message: string }).Message).toMatch(
    /^2 validation errors detected: Value '' at 'channelArn' failed to satisfy constraint: Member must have length greater than or equal to 5; Value '' at 'channelArn'/,
  );
});

describe("message content and metadata are limited in bytes, as AWS documents them", () => {
  // "STANDARD messages can be up to 4KB in size", "the 1KB of metadata" (SendChannelMessage).
  const send = (Content: string, Metadata?: string) =>
    t.messaging.send(
      new SendChannelMessageCommand({
        ChannelArn: channelArn,
        ChimeBearer: app.users.alice,
        Content,
        Metadata,
        Type: "STANDARD",
        Persistence: "PERSISTENT",
      }),
    );

  test("4,096 bytes of content are accepted, 4,097 are not, in ASCII as in é", async () => {
    await expect(send("a".repeat(4096))).resolves.toMatchObject({ $metadata: { httpStatusCode: 201 } });
    await expect(send("a".repeat(4097))).rejects.toBeInstanceOf(BadRequestException);
    await expect(send("é".repeat(2048))).resolves.toMatchObject({ $metadata: { httpStatusCode: 201 } });
    await expect(send("é".repeat(2100))).rejects.toThrow("Message content is limited to 4 KB (4096 bytes of UTF-8).");
  });

  test("16,000 bytes of emoji (4,000 characters) are refused", async () => {
    const emoji = "😀".repeat(4000);
    expect(Buffer.byteLength(emoji)).toBe(16000);
    await expect(send(emoji)).rejects.toBeInstanceOf(BadRequestException);
  });

  test("metadata is limited to 1,024 bytes", async () => {
    await expect(send("x", "é".repeat(512))).resolves.toMatchObject({ $metadata: { httpStatusCode: 201 } });
    await expect(send("x", "é".repeat(513))).rejects.toThrow(
      "Message metadata is limited to 1 KB (1024 bytes of UTF-8).",
    );
  });

  test("an update is held to the same limits, and changes nothing when refused", async () => {
    const id = await sendMessage(t.messaging, channelArn, app.users.alice, "before");
    const update = (Content: string) =>
      t.messaging.send(
        new UpdateChannelMessageCommand({
          ChannelArn: channelArn,
          MessageId: id,
          ChimeBearer: app.users.alice,
          Content,
        }),
      );
    await expect(update("é".repeat(2100))).rejects.toBeInstanceOf(BadRequestException);
    const { ChannelMessage } = await t.messaging.send(
      new GetChannelMessageCommand({ ChannelArn: channelArn, MessageId: id, ChimeBearer: app.users.alice }),
    );
    expect(ChannelMessage?.Content).toBe("before");
  });
});

describe("names are held to the model's pattern, no stricter", () => {
  // NonEmptyResourceName: ^[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u10000-\u10FFFF]*$
  test.each([
    ["an emoji ZWJ sequence", "Zoë 👩‍💻"],
    ["U+0085 (next line)", "a\u0085b"],
    ["U+00AD (soft hyphen)", "a\u00adb"],
    ["U+E000 (private use)", "a\ue000b"],
    ["U+2028 (line separator)", "a\u2028b"],
    ["blanks only", "   "],
  ])("a channel named with %s is created and described with its name", async (_, name) => {
    const { ChannelArn } = await t.messaging.send(
      new CreateChannelCommand({ AppInstanceArn: app.appInstanceArn, Name: name, ChimeBearer: app.users.alice }),
    );
    const { Channel } = await t.messaging.send(
      new DescribeChannelCommand({ ChannelArn, ChimeBearer: app.users.alice }),
    );
    expect(Channel?.Name).toBe(name);
  });

  test.each([
    ["a control character", "bell\u0007"],
    ["U+007F", "a\u007fb"],
    ["U+FFFE", "a\ufffeb"],
    ["a lone surrogate", "a\ud800b"],
  ])("a channel name with %s is refused", async (_, name) => {
    await expect(
      t.messaging.send(
        new CreateChannelCommand({ AppInstanceArn: app.appInstanceArn, Name: name, ChimeBearer: app.users.alice }),
      ),
    ).rejects.toThrow(
      /^1 validation error detected: Value at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
    );
  });

  test("a user's name needs a non-blank character (UserName's pattern is \\S, searched), emoji included", async () => {
    const create = (AppInstanceUserId: string, Name: string) =>
      t.identity.send(
        new CreateAppInstanceUserCommand({ AppInstanceArn: app.appInstanceArn, AppInstanceUserId, Name }),
      );
    const { AppInstanceUserArn } = await create("zoe", "Zoë 👩‍💻");
    const { AppInstanceUser } = await t.identity.send(new DescribeAppInstanceUserCommand({ AppInstanceUserArn }));
    expect(AppInstanceUser?.Name).toBe("Zoë 👩‍💻");
    await expect(create("blank", "   ")).rejects.toThrow(
      "1 validation error detected: Value at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: \\S",
    );
    await expect(
      t.identity.send(new UpdateAppInstanceUserCommand({ AppInstanceUserArn, Name: "\t", Metadata: "" })),
    ).rejects.toThrow(/Value at 'name' failed to satisfy constraint/);
  });
});

describe("ExpirationSettings needs both its members (the model requires them)", () => {
  test("a channel's without ExpirationCriterion is refused; with both, DescribeChannel carries both", async () => {
    const create = (ExpirationSettings: Record<string, unknown>) =>
      t.messaging.send(
        new CreateChannelCommand({
          AppInstanceArn: app.appInstanceArn,
          Name: "expiring",
          ChimeBearer: app.users.alice,
          ExpirationSettings: ExpirationSettings as never,
        }),
      );
    await expect(create({ ExpirationDays: 3 })).rejects.toThrow(
      "1 validation error detected: Value null at 'expirationSettings.expirationCriterion' failed to satisfy " +
        "constraint: Member must not be null",
    );
    const { ChannelArn } = await create({ ExpirationDays: 3, ExpirationCriterion: "LAST_MESSAGE_TIMESTAMP" });
    const { Channel } = await t.messaging.send(
      new DescribeChannelCommand({ ChannelArn, ChimeBearer: app.users.alice }),
    );
    expect(Channel?.ExpirationSettings).toEqual({ ExpirationDays: 3, ExpirationCriterion: "LAST_MESSAGE_TIMESTAMP" });
  });

  test("a user's without ExpirationCriterion is refused too", async () => {
    await expect(
      t.identity.send(
        new CreateAppInstanceUserCommand({
          AppInstanceArn: app.appInstanceArn,
          AppInstanceUserId: "expiring",
          Name: "e",
          ExpirationSettings: { ExpirationDays: 1 } as never,
        }),
      ),
    ).rejects.toThrow(/Value null at 'expirationSettings\.expirationCriterion'/);
  });
});

describe("validation comes before authorization, as on AWS", () => {
  test("a malformed call is a 400 even for a caller IAM would refuse (alice's credentials, bob as bearer)", async () => {
    const alice = messagingClientWith(t, await assumeUserRole(t, "alice"));
    try {
      const denied = await answerOf(alice, "ListChannelMessages", {
        ChannelArn: channelArn,
        ChimeBearer: app.users.bob,
      });
      expect(denied).toMatchObject({ status: 403, name: "AccessDeniedException" });
      const malformed = await answerOf(alice, "ListChannelMessages", {
        ChannelArn: "not-an-arn",
        ChimeBearer: app.users.bob,
      });
      expect(malformed).toMatchObject({ status: 400, name: "BadRequestException" });
      expect(malformed.message).toMatch(/^1 validation error detected: Value 'not-an-arn' at 'channelArn'/);
    } finally {
      alice.destroy();
    }
  });

  test("authentication still comes first: an unsigned malformed call is refused as unsigned", async () => {
    const response = await signedRequest({
      port: t.endpoint.port,
      credentials: t.credentials.developer,
      method: "GET",
      path: "/channels/not-an-arn/messages",
      unsigned: true,
    });
    expect(response.status).toBe(403);
    expect(response.headers["x-amzn-errortype"]).toBe("MissingAuthenticationTokenException");
  });
});

test("STS answers a broken constraint with ValidationError in its XML, naming the member", async () => {
  const body = new URLSearchParams({
    Action: "AssumeRole",
    Version: "2011-06-15",
    RoleArn: t.endpoint.account.userRoleArn,
    RoleSessionName: "two words",
  }).toString();
  const response = await signedRequest({
    port: t.endpoint.port,
    credentials: t.credentials.server,
    service: "sts",
    method: "POST",
    path: "/",
    headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
    body,
  });
  expect(response.status).toBe(400);
  expect(response.body).toMatch(
    /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>ValidationError<\/Code>/,
  );
  expect(response.body).toContain(
    "<Message>1 validation error detected: Value &apos;two words&apos; at &apos;roleSessionName&apos; failed to " +
      "satisfy constraint: Member must satisfy regular expression pattern: ^[\\w+=,.@-]*$</Message>",
  );
  const sts = stsClient(t, t.credentials.server);
  try {
    await expect(
      sts.send(new AssumeRoleCommand({ RoleArn: t.endpoint.account.userRoleArn, RoleSessionName: "x" })),
    ).rejects.toMatchObject({
      name: "ValidationError",
      $metadata: { httpStatusCode: 400 },
      message:
        "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: " +
        "Member must have length greater than or equal to 2",
    });
  } finally {
    sts.destroy();
  }
});
