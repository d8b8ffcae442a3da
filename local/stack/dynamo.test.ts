import { DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalDynamo, type LocalDynamo } from "./dynamo";

const TABLE = "chime-chat-api-rate-limits";
let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "local-dynamo-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function client(dynamo: LocalDynamo): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: dynamo.url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
}

/** A raw ListTables with the given headers: the status only. */
function rawStatus(dynamo: LocalDynamo, headers: Record<string, string>): Promise<number> {
  const url = new URL(dynamo.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: "POST",
        path: "/",
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "DynamoDB_20120810.ListTables",
          // The emulator checks that a request is signed, not the signature.
          "x-amz-date": "20260101T000000Z",
          authorization:
            "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00",
          ...headers,
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end("{}");
  });
}

test("the table is made once and its items outlive a restart on the same folder", async () => {
  const first = await startLocalDynamo({ host: "127.0.0.1", port: 0, path: dir, table: TABLE });
  const sdk = client(first);
  expect((await sdk.send(new ListTablesCommand({}))).TableNames).toEqual([TABLE]);
  await sdk.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: "u#sends" }, tat: { N: "42" } } }));
  sdk.destroy();
  await first.close();

  const second = await startLocalDynamo({ host: "127.0.0.1", port: 0, path: dir, table: TABLE });
  const again = client(second);
  const { Item } = await again.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: "u#sends" } } }));
  expect(Item?.tat).toEqual({ N: "42" });
  again.destroy();
  await second.close();
});

test("a request from a web page (any Origin) or for another host (DNS rebinding) is refused", async () => {
  const dynamo = await startLocalDynamo({ host: "127.0.0.1", port: 0, table: TABLE });
  const port = new URL(dynamo.url).port;
  expect(await rawStatus(dynamo, {})).toBe(200);
  expect(await rawStatus(dynamo, { host: `localhost:${port}` })).toBe(200);
  expect(await rawStatus(dynamo, { origin: "https://example.com" })).toBe(403);
  expect(await rawStatus(dynamo, { origin: "null" })).toBe(403);
  expect(await rawStatus(dynamo, { host: `attacker.example:${port}` })).toBe(421);
  await dynamo.close();
});
