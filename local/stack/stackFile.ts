/**
 * `.local/stack.json`: what a running stack is, for scripts, tests and people (the keys the README
 * lists; keep them, add more when useful). Written once every part answers; left in place on stop
 * (the next start rewrites it), so readers check that the stack answers before trusting it.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

export interface AccessKeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface StackUser {
  username: string;
  password: string;
  /** Cognito sub; the AppInstanceUser is `<appInstanceArn>/user/<sub>`. */
  sub: string;
  userArn: string;
  /** In the `admins` group. */
  admin: boolean;
}

export interface StackFile {
  region: string;
  graphqlUrl: string;
  /** Chime messaging + identity + STS, one endpoint (and the messaging WebSocket, ws://). */
  awsEndpoint: string;
  /** The same endpoint over HTTPS (its TLS listener, with the certificate below). */
  awsTlsEndpoint: string;
  /** What GetMessagingSessionEndpoint answers: clients connect to wss://<it>/connect. */
  messagingSessionEndpoint: string;
  /** The endpoint's self-signed certificate (PEM): what clients trust for https:// and wss://. */
  tlsCertificatePath: string;
  cognitoEndpoint: string;
  userPoolId: string;
  userPoolClientId: string;
  appInstanceArn: string;
  backendUserArn: string;
  userRoleArn: string;
  sessionTagKey: string;
  /**
   * Local keys: the endpoint's developer key (full access) and server key (the API's role), and the key
   * cognito-local's guard wants on admin and pool operations (made anew on every start).
   */
  credentials: { developer: AccessKeyPair; server: AccessKeyPair; cognitoAdmin: AccessKeyPair };
  users: StackUser[];
  /** The web client (web/dist and its config.json for this stack). */
  webUrl: string;
  // Beyond the contract's keys:
  accountId: string;
  serverRoleArn: string;
  /** The `iss` of cognito-local's tokens, as the API checks it. */
  cognitoIssuer: string;
  cognitoJwksUri: string;
  adminGroup: string;
  welcomeChannelArn: string;
  /** The local account's push application, which devices register with (the API's CHIME_PUSH_APP_ARN). */
  pushAppArn: string;
  /**
   * The push outbox: what would have gone to APNs or FCM, newest first (`?user=<AppInstanceUser ARN>`).
   * GET, signed with the developer key (SigV4, service `chime`), like the rest of the control route.
   */
  pushOutboxUrl: string;
  /** The moderation channel flow, with LOCAL_MODERATION=on. */
  channelFlowArn?: string;
  /** The launcher's process id (the stack stops with it). */
  pid: number;
  startedAt: string;
}

export class StackFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackFileError";
  }
}

export function writeStackFile(path: string, stack: StackFile): void {
  // Written whole, then renamed: a reader never sees half a file. The keys are local-only secrets.
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(stack, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

export function readStackFile(path: string): StackFile {
  if (!existsSync(path)) {
    throw new StackFileError(`No local stack: ${path} does not exist. Start it with \`npm start\`.`);
  }
  let stack: StackFile;
  try {
    stack = JSON.parse(readFileSync(path, "utf8")) as StackFile;
  } catch (error) {
    throw new StackFileError(`${path} is not valid JSON (${(error as Error).message}). Restart with \`npm start\`.`);
  }
  for (const key of ["cognitoEndpoint", "userPoolClientId", "graphqlUrl", "users"] as const) {
    if (stack[key] === undefined) throw new StackFileError(`${path} has no "${key}". Restart with \`npm start\`.`);
  }
  return stack;
}
