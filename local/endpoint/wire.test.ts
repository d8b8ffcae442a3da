import { operationModels } from "./model";
import { bindRequest, IncompleteOutputError, toJson } from "./wire";

const op = (name: string) => {
  const found = operationModels.find((model) => model.name === name);
  if (!found) throw new Error(name);
  return found;
};
const http = (query: Record<string, string>, body = "", headers: Record<string, string> = {}) => ({
  labels: { ChannelArn: "arn:aws:chime:us-east-1:1:app-instance/a/channel/c" },
  query: new URLSearchParams(query),
  headers: { "x-amz-chime-bearer": "arn:aws:chime:us-east-1:1:app-instance/a/user/u", ...headers },
  body: Buffer.from(body),
});

test("query timestamps are ISO-8601, with or without fractions (JS SDK and botocore forms)", () => {
  const input = bindRequest(
    op("ListChannelMessages"),
    http({ "not-before": "2024-01-02T03:04:05Z", "not-after": "2024-01-02T03:04:05.123456Z", "max-results": "7" }),
  );
  expect(input.NotBefore).toEqual(new Date("2024-01-02T03:04:05Z"));
  expect(input.NotAfter).toEqual(new Date("2024-01-02T03:04:05.123Z"));
  expect(input.MaxResults).toBe(7);
  expect(input.ChimeBearer).toBe("arn:aws:chime:us-east-1:1:app-instance/a/user/u");
});

test("malformed query values are bad requests", () => {
  expect(() => bindRequest(op("ListChannelMessages"), http({ "not-before": "1700000000" }))).toThrow(/ISO-8601/);
  expect(() => bindRequest(op("ListChannelMessages"), http({ "max-results": "ten" }))).toThrow(/integer/);
});

test("body members are type-checked against the model", () => {
  expect(() => bindRequest(op("SendChannelMessage"), http({}, JSON.stringify({ Content: 42 })))).toThrow(/string/);
  const input = bindRequest(
    op("SendChannelMessage"),
    http({}, JSON.stringify({ Content: "hi", Type: "STANDARD", Persistence: "PERSISTENT", Unknown: "dropped" })),
  );
  expect(input).toMatchObject({ Content: "hi", Type: "STANDARD", Persistence: "PERSISTENT" });
  expect(input).not.toHaveProperty("Unknown");
});

test("output timestamps are epoch seconds, absent members omitted, undeclared members never written", () => {
  const output = toJson(op("GetChannelMessage").output, {
    ChannelMessage: {
      MessageId: "m1",
      CreatedTimestamp: new Date(1700000000123),
      LastEditedTimestamp: undefined,
      Redacted: false,
      internalSecret: "must not leak",
    },
  });
  expect(output).toEqual({ ChannelMessage: { MessageId: "m1", CreatedTimestamp: 1700000000.123, Redacted: false } });
});

test("an empty label, header or body string is bound as sent, for validation to hold to the model", () => {
  const update = op("UpdateAppInstanceUser");
  const input = bindRequest(update, {
    labels: { AppInstanceUserArn: "" },
    query: new URLSearchParams(),
    headers: {},
    body: Buffer.from(JSON.stringify({ Name: "n", Metadata: "" })),
  });
  expect(input).toEqual({ AppInstanceUserArn: "", Name: "n", Metadata: "" });
  // The ARN label fails its length and its pattern; the empty Metadata is a value the model allows.
  expect(update.validate(input).map((violation) => violation.path)).toEqual([
    "appInstanceUserArn",
    "appInstanceUserArn",
  ]);
  const list = op("ListChannelMessages");
  const emptyBearer = bindRequest(list, { ...http({}), headers: { "x-amz-chime-bearer": "" } });
  expect(emptyBearer.ChimeBearer).toBe("");
  expect(list.validate(emptyBearer)).toEqual([
    { path: "chimeBearer", shown: "", constraint: "Member must have length greater than or equal to 5" },
    expect.objectContaining({
      path: "chimeBearer",
      constraint: expect.stringMatching(/^Member must satisfy regular/) as string,
    }),
  ]);
});

test("an output without a member the model requires is the endpoint's fault, never sent incomplete", () => {
  const describe = op("DescribeChannel");
  const channel = { ChannelArn: "arn:aws:chime:us-east-1:1:app-instance/a/channel/c", Name: "c" };
  expect(() => toJson(describe.output, { Channel: { ...channel, ExpirationSettings: { ExpirationDays: 3 } } })).toThrow(
    IncompleteOutputError,
  );
  expect(
    toJson(describe.output, {
      Channel: { ...channel, ExpirationSettings: { ExpirationDays: 3, ExpirationCriterion: "CREATED_TIMESTAMP" } },
    }),
  ).toEqual({
    Channel: { ...channel, ExpirationSettings: { ExpirationDays: 3, ExpirationCriterion: "CREATED_TIMESTAMP" } },
  });
});
