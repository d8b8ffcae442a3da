/**
 * The ready banner: printed once every part answers. It names where the local keys and the demo
 * users' passwords are (stack.json, readable by its owner only) and prints none of them, nor any
 * token: a terminal's output ends up in logs, CI artefacts and screen shares.
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
    `  demo users         ${stack.users.map((user) => `${user.username}${user.admin ? ` (${stack.adminGroup})` : ""}`).join(", ")}`,
    "",
    `  Passwords, local keys and everything above, as JSON: ${shown(stackFilePath)} (only you can read it)`,
    "",
    "  Try it:",
    `    TOKEN=$(${stateArg}npm run -s token -- ${first})`,
    `    curl -s ${stack.graphqlUrl} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\`,
    `      -d '{"query":"{ me { arn name isAdmin } myChannels { edges { node { channel { name } hasUnread } } } }"}'`,
    "",
    created.length > 0
      ? `  Created on this start: ${created.join(", ")}`
      : "  Found everything from the last start; created nothing.",
    "  Ctrl-C stops the stack; the data stays for the next start.",
    "",
  ];
  return lines.join("\n");
}
