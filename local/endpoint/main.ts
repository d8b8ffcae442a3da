/**
 * Runs the local endpoint: `npm run endpoint`. Settings come from the environment:
 *   LOCAL_AWS_PORT (default 4566), LOCAL_AWS_HOST (127.0.0.1), LOCAL_AWS_DB (.local/aws.sqlite),
 *   AWS_REGION (us-east-1), LOCAL_AWS_ACCOUNT_ID (111122223333), and LOCAL_AWS_APP_INSTANCE_ARN, the
 *   app instance the role policies of policies/ name (kept in the database once set).
 * TLS (for amazon-chime-sdk-js, which always connects with wss://): LOCAL_AWS_TLS_PORT (4567),
 *   LOCAL_AWS_TLS=off to run without it, LOCAL_AWS_TLS_HOSTS (more names or addresses the certificate
 *   covers, comma-separated, e.g. a LAN address for a phone). The certificate is kept in .local/tls/.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { loadOrCreateCertificate } from "../tls/certificate";
import { startLocalEndpoint } from "./localEndpoint";

const TLS_DIRECTORY = ".local/tls";

/** A port from the environment; 0 picks a free one. */
function port(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535)
    throw new Error(`${name} must be a port number, not '${value}'`);
  return parsed;
}

async function main(): Promise<void> {
  const databasePath = process.env.LOCAL_AWS_DB ?? ".local/aws.sqlite";
  if (databasePath !== ":memory:") mkdirSync(dirname(databasePath), { recursive: true });
  const host = process.env.LOCAL_AWS_HOST ?? "127.0.0.1";
  const tlsOn = !["off", "false", "0"].includes((process.env.LOCAL_AWS_TLS ?? "on").toLowerCase());
  const certificate = tlsOn
    ? await loadOrCreateCertificate({
        directory: resolve(TLS_DIRECTORY),
        hosts: [host, ...(process.env.LOCAL_AWS_TLS_HOSTS ?? "").split(",")],
      })
    : undefined;
  const endpoint = await startLocalEndpoint({
    databasePath,
    host,
    port: port("LOCAL_AWS_PORT", 4566),
    tls: certificate && { port: port("LOCAL_AWS_TLS_PORT", 4567), certificate },
    config: {
      region: process.env.AWS_REGION ?? "us-east-1",
      accountId: process.env.LOCAL_AWS_ACCOUNT_ID ?? "111122223333",
    },
    log: ({ method, operation, status, errorType, durationMs }) =>
      console.log(
        `${method} ${operation ?? "-"} ${status}${errorType ? ` ${errorType}` : ""} ${durationMs.toFixed(1)}ms`,
      ),
    onInternalError: (error, requestId) => console.error(`request ${requestId} failed:`, error),
  });
  if (process.env.LOCAL_AWS_APP_INSTANCE_ARN)
    endpoint.account.setAppInstanceArn(process.env.LOCAL_AWS_APP_INSTANCE_ARN);
  const { developerKey, serverKey } = endpoint.account;
  console.log(
    [
      `Local AWS endpoint (Chime SDK messaging + identity, STS) on ${endpoint.url}, data in ${databasePath}`,
      ...(certificate && endpoint.tlsUrl
        ? [
            `  TLS on ${endpoint.tlsUrl}; messaging sessions at wss://${endpoint.messagingSessionUrl}/connect (also ws:// on ${endpoint.port})`,
            `  certificate ${certificate.certPath} (${certificate.created ? `new (${certificate.reason ?? "made"}): clients must trust it` : "reused"}), ` +
              `covers ${certificate.hosts.join(", ")}, valid until ${certificate.notAfter.toISOString()}`,
            `  Node clients: NODE_EXTRA_CA_CERTS=${certificate.certPath}`,
          ]
        : [`  TLS off: messaging sessions at ws://${endpoint.messagingSessionUrl}/connect only`]),
      // Keys of this local account only, made on first start; they open nothing outside this machine.
      `  developer key (full access): AWS_ACCESS_KEY_ID=${developerKey.accessKeyId} AWS_SECRET_ACCESS_KEY=${developerKey.secretAccessKey}`,
      `  server key (${endpoint.account.serverRoleArn}): AWS_ACCESS_KEY_ID=${serverKey.accessKeyId} AWS_SECRET_ACCESS_KEY=${serverKey.secretAccessKey}`,
      `  user role: ${endpoint.account.userRoleArn}; role policies name ${endpoint.account.appInstanceArn ?? "no app instance yet (set LOCAL_AWS_APP_INSTANCE_ARN)"}`,
    ].join("\n"),
  );
  const stop = () => void endpoint.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
