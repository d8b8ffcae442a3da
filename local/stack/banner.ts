/**
 * The ready banner: printed once every part answers. It shows local keys and demo passwords on
 * purpose (they open nothing outside this machine), never a token.
 */
import { relative } from "node:path";
import type { StackFile } from "./stackFile";

/** The banner's first line; the smoke test waits for it. */
export const READY_LINE = "chime-chat-api local stack is ready";

export interface BannerInput {
  stack: StackFile;
  stackFilePath: string;
  stateDir: string;
  /** Seconds from launch to ready. */
  readySeconds: number;
  /** What this start created (nothing on a second start). */
  created: string[];
  /** Seconds each phase took. */
  phases: [string, number][];
}

function shown(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere !== "" && !fromHere.startsWith("..") ? fromHere : path;
}

export function formatBanner({ stack, stackFilePath, stateDir, readySeconds, created, phases }: BannerInput): string {
  const width = Math.max(...stack.users.map((user) => user.username.length));
  const stateArg = shown(stateDir) === ".local" ? "" : `LOCAL_STATE_DIR=${shown(stateDir)} `;
  const first = stack.users[0]?.username ?? "alice@example.com";
  const lines = [
    "",
    `${READY_LINE} (${readySeconds.toFixed(1)} s: ${phases.map(([name, seconds]) => `${name} ${seconds.toFixed(1)} s`).join(", ")})`,
    "",
    `  web client         ${stack.webUrl}   (sign in as a demo user below)`,
    `  GraphQL API        ${stack.graphqlUrl}`,
    `  local AWS endpoint ${stack.awsEndpoint}   (Chime messaging + identity, STS, messaging WebSocket)`,
    `                     ${stack.awsTlsEndpoint}   (the same over TLS; sessions at wss://${stack.messagingSessionEndpoint}/connect)`,
    `  TLS certificate    ${stack.tlsCertificatePath}   (trust it once: NODE_EXTRA_CA_CERTS for Node, docs/realtime.md for browsers)`,
    `  cognito-local      ${stack.cognitoEndpoint}   (user pool ${stack.userPoolId}, app client ${stack.userPoolClientId})`,
    `  app instance       ${stack.appInstanceArn}`,
    `  welcome channel    ${stack.welcomeChannelArn}`,
    "",
    "  Demo users (local passwords, kept across restarts):",
    ...stack.users.map(
      (user) => `    ${user.username.padEnd(width)}  ${user.password}${user.admin ? `   (${stack.adminGroup})` : ""}`,
    ),
    "",
    "  Local keys (they open nothing outside this machine):",
    `    developer (full access)  AWS_ACCESS_KEY_ID=${stack.credentials.developer.accessKeyId} AWS_SECRET_ACCESS_KEY=${stack.credentials.developer.secretAccessKey}`,
    `    server (the API's role)  AWS_ACCESS_KEY_ID=${stack.credentials.server.accessKeyId} AWS_SECRET_ACCESS_KEY=${stack.credentials.server.secretAccessKey}`,
    "",
    "  Try it:",
    `    TOKEN=$(${stateArg}npm run -s token -- ${first})`,
    `    curl -s ${stack.graphqlUrl} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\`,
    `      -d '{"query":"{ me { arn name isAdmin } myChannels { edges { node { channel { name } hasUnread } } } }"}'`,
    "",
    `  Everything above, as JSON: ${shown(stackFilePath)}`,
    created.length > 0
      ? `  Created on this start: ${created.join(", ")}`
      : "  Found everything from the last start; created nothing.",
    "  Ctrl-C stops the stack; the data stays for the next start.",
    "",
  ];
  return lines.join("\n");
}
