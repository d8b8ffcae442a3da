/**
 * The DynamoDB emulator of the local stack (dynalite, in this process): the API's per-user rate
 * limit table (src/limits) and, with moderation, the moderation processor's denials
 * (src/moderation/decisions.ts), as on AWS. It listens on the loopback address only and answers as every
 * local listener does (local/http/trust.ts: its own Host names and port), with no development origin:
 * no web page needs it, and dynalite itself would answer every origin. Its data is kept in a LevelDB
 * folder under the state folder (in memory without one), so buckets survive a restart as on AWS.
 */
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { reachableHostNames, refuseUntrusted, type ListenerTrust } from "../http/trust";

export interface LocalDynamo {
  /** `http://127.0.0.1:<port>`: the API's AWS_ENDPOINT_URL_DYNAMODB. */
  url: string;
  close(): Promise<void>;
}

export interface LocalDynamoOptions {
  host: string;
  /** 0: any free port. */
  port: number;
  /** The LevelDB folder; in memory when undefined. */
  path?: string;
  /** The rate limit table, made if missing. */
  table: string;
  /** More tables of the same key (`pk`), made if missing: the moderation denials. */
  otherTables?: readonly string[];
}

/** A table as serverless.yml declares the rate limit and denial tables (the key; TTL is not emulated by dynalite). */
export async function ensureRateLimitTable(client: DynamoDBClient, table: string): Promise<"created" | "exists"> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      }),
    );
    return "created";
  } catch (error) {
    if (error instanceof ResourceInUseException) return "exists";
    throw error;
  }
}

export async function startLocalDynamo(options: LocalDynamoOptions): Promise<LocalDynamo> {
  const server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const handlers = server.listeners("request") as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners("request");
  const trust: ListenerTrust = { hostNames: reachableHostNames(options.host), origins: new Set() };
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (refuseUntrusted(trust, req, res)) return;
    for (const handler of handlers) handler.call(server, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host}:${port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  const client = new DynamoDBClient({
    endpoint: url,
    region: "us-east-1",
    // The emulator checks no signature; the SDK needs some key to sign with.
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  try {
    for (const table of [options.table, ...(options.otherTables ?? [])]) await ensureRateLimitTable(client, table);
  } catch (error) {
    await close();
    throw error;
  } finally {
    client.destroy();
  }
  return { url, close };
}
