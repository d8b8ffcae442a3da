import { operationModels } from "./model";
import { bindRequest, checkRequiredMembers, toJson } from "./wire";

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

test("the bearer header is required where the model requires it", () => {
  const request = { ...http({}), headers: {} };
  const operation = op("ListChannelMessages");
  expect(() => checkRequiredMembers(operation, bindRequest(operation, request))).toThrow(/ChimeBearer/);
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

test("an empty string in the body is a value, an empty header is missing", () => {
  const update = op("UpdateAppInstanceUser");
  const body = JSON.stringify({ Name: "n", Metadata: "" });
  const request = {
    labels: { AppInstanceUserArn: "arn:aws:chime:us-east-1:1:app-instance/a/user/u" },
    query: new URLSearchParams(),
    headers: {},
    body: Buffer.from(body),
  };
  expect(() => checkRequiredMembers(update, bindRequest(update, request))).not.toThrow();
  const list = op("ListChannelMessages");
  const noBearer = { ...http({}), headers: { "x-amz-chime-bearer": "" } };
  expect(() => checkRequiredMembers(list, bindRequest(list, noBearer))).toThrow(/ChimeBearer/);
});
