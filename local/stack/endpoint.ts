/**
 * Runs the local endpoint: `npm run endpoint`. Settings come from the environment:
 *   LOCAL_AWS_PORT (default 4566), LOCAL_AWS_HOST (127.0.0.1), LOCAL_AWS_DB (.local/aws.sqlite),
 *   AWS_REGION (us-east-1), LOCAL_AWS_ACCOUNT_ID (111122223333), and LOCAL_AWS_APP_INSTANCE_ARN, the
 *   app instance the role policies of policies/ name (kept in the database once set).
 * TLS (for amazon-chime-sdk-js, which always connects with wss://): LOCAL_AWS_TLS_PORT (4567),
 *   LOCAL_AWS_TLS=off to run without it, LOCAL_AWS_TLS_HOSTS (more names or addresses the certificate
 *   covers, comma-separated, e.g. a LAN address for a phone). The certificate is kept in .local/tls/.
 * A port of 0 picks any free one (printed below). The ports are read as `npm start` reads them
 * (settings.ts), which refuses 0: its parts must know each other's ports beforehand.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describeBehaviour, readEndpointBehaviour } from "./endpointBehaviour";
import { ensurePrivateDir, readPort, readTlsHosts, SettingsError } from "./settings";
import { startLocalEndpoint } from "../endpoint/localEndpoint";
import { SchemaVersionError } from "../store/schema";

const TLS_DIRECTORY = ".local/tls";
/**
 * The local keys, for the developer's tools, beside the database (its state folder): printed nowhere (a
 * terminal's output ends up in logs).
 */
const KEYS_FILE_NAME = "endpoint.json";

async function main(): Promise<void> {
  const { env } = process;
  const port = readPort(env, "LOCAL_AWS_PORT", 4566, { allowZero: true });
  const tlsPort = readPort(env, "LOCAL_AWS_TLS_PORT", 4567, { allowZero: true });
  const behaviour = readEndpointBehaviour(env);
  const databasePath = env.LOCAL_AWS_DB ?? ".local/aws.sqlite";
  if (databasePath !== ":memory:") {
    // The database holds the local keys' secrets. The default folder is the state folder, private
    // as npm start keeps it; a folder named by LOCAL_AWS_DB is made private if new, else left as it is.
    const folder = dirname(resolve(databasePath));
    if (env.LOCAL_AWS_DB === undefined) ensurePrivateDir(folder);
    else mkdirSync(folder, { recursive: true, mode: 0o700 });
  }
  const host = env.LOCAL_AWS_HOST ?? "127.0.0.1";
  const tlsOn = !["off", "false", "0"].includes((env.LOCAL_AWS_TLS ?? "on").toLowerCase());
  const endpoint = await startLocalEndpoint({
    databasePath,
    host,
    port,
    // The endpoint loads the certificate kept there, or makes one (covering host and these hosts too).
    tls: tlsOn ? { port: tlsPort, directory: resolve(TLS_DIRECTORY), hosts: readTlsHosts(env) } : undefined,
    config: {
      region: env.AWS_REGION ?? "us-east-1",
      accountId: env.LOCAL_AWS_ACCOUNT_ID ?? "111122223333",
      quotas: behaviour.quotas,
      rateQuotas: behaviour.rateQuotas,
    },
    faults: behaviour.faults,
    log: ({ method, operation, status, errorType, durationMs }) =>
      console.log(
        `${method} ${operation ?? "-"} ${status}${errorType ? ` ${errorType}` : ""} ${durationMs.toFixed(1)}ms`,
      ),
    onInternalError: (error, requestId) => console.error(`request ${requestId} failed:`, error),
  });
  if (env.LOCAL_AWS_APP_INSTANCE_ARN) endpoint.account.setAppInstanceArn(env.LOCAL_AWS_APP_INSTANCE_ARN);
  const { developerKey, serverKey } = endpoint.account;
  const keysFile = join(
    dirname(resolve(databasePath === ":memory:" ? ".local/aws.sqlite" : databasePath)),
    KEYS_FILE_NAME,
  );
  ensurePrivateDir(dirname(keysFile));
  const temporary = join(dirname(keysFile), `endpoint.json.${process.pid}.tmp`);
  writeFileSync(
    temporary,
    `${JSON.stringify(
      {
        url: endpoint.url,
        tlsUrl: endpoint.tlsUrl,
        pushOutboxUrl: endpoint.pushOutboxUrl,
        developer: developerKey,
        server: serverKey,
      },
      null,
      2,
    )}\n`,
    { mode: 0o600 },
  );
  renameSync(temporary, keysFile);
  const certificate = endpoint.tlsCertificatePath ?? "";
  const schema = endpoint.services.store.schema;
  console.log(
    [
      `Local AWS endpoint (Chime SDK messaging + identity, STS) on ${endpoint.url}, data in ${databasePath}`,
      ...describeBehaviour(behaviour).map((line) => `  ${line}`),
      ...(schema.kind === "migrated"
        ? [
            `  state upgraded in place from schema version ${schema.from} to ${schema.to} ` +
              `(migrations ${schema.applied.join(", ")})`,
          ]
        : []),
      ...(endpoint.tlsUrl
        ? [
            `  TLS on ${endpoint.tlsUrl}; messaging sessions at wss://${endpoint.messagingSessionUrl}/connect (also ws:// on ${endpoint.port})`,
            `  certificate ${certificate} (${endpoint.tlsCertificateCreated ? `new (${endpoint.tlsCertificateReason ?? "made"}): clients must trust it` : "reused"}), ` +
              `covers ${endpoint.tlsCertificateHosts?.join(", ") ?? "?"}, valid until ${endpoint.tlsCertificateNotAfter?.toISOString() ?? "?"}`,
            `  Node clients: NODE_EXTRA_CA_CERTS=${certificate}`,
          ]
        : [`  TLS off: messaging sessions at ws://${endpoint.messagingSessionUrl}/connect only`]),
      `  local keys (developer: full access; server: ${endpoint.account.serverRoleArn}) in ${keysFile} (only you can read it)`,
      `  user role: ${endpoint.account.userRoleArn}; role policies name ${endpoint.account.appInstanceArn ?? "no app instance yet (set LOCAL_AWS_APP_INSTANCE_ARN)"}`,
    ].join("\n"),
  );
  const stop = () => void endpoint.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  if (error instanceof SettingsError || error instanceof SchemaVersionError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
