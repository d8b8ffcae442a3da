/**
 * The guard in front of cognito-local: it owns COGNITO_PORT and passes on, to cognito-local on its Unix
 * socket (cognitoServer.js), only what Amazon Cognito itself would accept from that caller.
 *
 * - Host and Origin, as on every local listener (local/http/trust.ts): the loopback names, and from a
 *   browser only the development origins.
 * - The operations Cognito authorizes with IAM (SigV4 with AWS credentials): every `Admin*` operation
 *   and the management of pools, app clients and groups (CreateUserPool, CreateUserPoolClient,
 *   CreateGroup, ListUsers, DescribeUserPool, ...) need a signature with the stack's Cognito admin key.
 *   Which operations are public instead (SignUp, ConfirmSignUp, InitiateAuth, RespondToAuthChallenge,
 *   and those a user's access token authorizes, such as GetUser or UpdateUserAttributes) is read from
 *   the official Cognito client's model: the operations it sends unsigned. Any other is an admin one.
 * - A user's `sub` is assigned by Cognito, never chosen: no request may set or delete it, and an app
 *   client (the public operations) may not write `email_verified` or `phone_number_verified` either.
 *   cognito-local would take a `sub` from SignUp's attributes, and with it another user's identity.
 *
 * A JSON request that passes is forwarded as the guard read it (parsed, then serialized again), so
 * cognito-local acts on exactly what was checked.
 */
import * as Cognito from "@aws-sdk/client-cognito-identity-provider";
import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { jsonAuthError } from "../endpoint/authErrors";
import { refuseUntrusted, type ListenerTrust } from "../http/trust";
import { SigV4Error, verifySigV4 } from "../sigv4/verify";
import { readBody, SocketUpstream, startGuardServer, type GuardServer } from "./guardServer";

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A fresh admin key for one start of the stack (kept in stack.json, 0600, for tools and tests). */
export function newCognitoAdminKey(): AccessKey {
  return {
    accessKeyId: `AKIACOGNITO${randomBytes(5).toString("hex").toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString("base64url"),
  };
}

const TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
const MAX_BODY_BYTES = 1024 * 1024;

/** The operations of Cognito's model that its client sends unsigned: public, or authorized by a user's token. */
export const PUBLIC_OPERATIONS: ReadonlySet<string> = (() => {
  const client = new Cognito.CognitoIdentityProviderClient({ region: "us-east-1" });
  const operations = Object.keys(Cognito)
    .filter((name) => name.endsWith("Command") && name !== "Command")
    .map((name) => name.slice(0, -"Command".length));
  const unsigned = operations.filter((operation) =>
    client.config
      .httpAuthSchemeProvider({ operation, region: "us-east-1" })
      .every((option) => option.schemeId === "smithy.api#noAuth"),
  );
  client.destroy();
  return new Set(unsigned);
})();

/** Attributes only Cognito sets: the user's identifier. */
const ASSIGNED_ATTRIBUTES = new Set(["sub"]);
/** Attributes an app client may not write (an administrator may). */
const VERIFICATION_ATTRIBUTES = new Set(["email_verified", "phone_number_verified"]);

interface CognitoError {
  status: number;
  type: string;
  message: string;
}

/** The attribute names a request writes or deletes (UserAttributes of SignUp, AdminCreateUser, *UpdateUserAttributes; UserAttributeNames of *DeleteUserAttributes). */
function writtenAttributes(input: Record<string, unknown>): string[] {
  const names: string[] = [];
  if (Array.isArray(input.UserAttributes)) {
    for (const attribute of input.UserAttributes as unknown[]) {
      const name = (attribute as { Name?: unknown } | null)?.Name;
      if (typeof name === "string") names.push(name);
    }
  }
  if (Array.isArray(input.UserAttributeNames)) {
    for (const name of input.UserAttributeNames as unknown[]) if (typeof name === "string") names.push(name);
  }
  return names;
}

/**
 * Why Cognito would refuse these attribute writes, if it would. Cognito answers an app client writing
 * an attribute outside its write permissions with NotAuthorizedException "A client attempted to write
 * unauthorized attribute" (`sub` and the verification flags never are writable by a client); an
 * administrator changing the non-mutable `sub` with InvalidParameterException.
 */
function attributeRefusal(input: Record<string, unknown>, isPublic: boolean): CognitoError | undefined {
  const names = writtenAttributes(input);
  if (isPublic && names.some((name) => ASSIGNED_ATTRIBUTES.has(name) || VERIFICATION_ATTRIBUTES.has(name))) {
    return {
      status: 400,
      type: "NotAuthorizedException",
      message: "A client attempted to write unauthorized attribute",
    };
  }
  const assigned = names.find((name) => ASSIGNED_ATTRIBUTES.has(name));
  if (assigned) {
    return {
      status: 400,
      type: "InvalidParameterException",
      message: `Cannot modify the non-mutable attribute ${assigned}`,
    };
  }
  return undefined;
}

function sendError(res: ServerResponse, { status, type, message }: CognitoError): void {
  const body = JSON.stringify({ __type: type, message });
  res.writeHead(status, {
    "content-type": "application/x-amz-json-1.1",
    "content-length": Buffer.byteLength(body),
    "x-amzn-errortype": type,
    "x-amzn-requestid": randomUUID(),
  });
  res.end(body);
}

export interface CognitoGuardOptions {
  host: string;
  port: number;
  /** cognito-local's Unix socket. */
  upstreamSocket: string;
  trust: ListenerTrust;
  adminKey: AccessKey;
}

function cognitoGuardListener(
  options: Pick<CognitoGuardOptions, "trust" | "adminKey">,
  upstream: SocketUpstream,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { trust, adminKey } = options;
  return async (req, res) => {
    if (refuseUntrusted(trust, req, res)) return;
    const [rawPath, rawQuery = ""] = (req.url ?? "/").split(/\?(.*)/s, 2);
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === undefined) {
      return sendError(res, { status: 413, type: "SerializationException", message: "The request is too large." });
    }
    // GETs (the JWKS, the OpenID configuration) and the OAuth 2.0 endpoints are public on Cognito too.
    if (req.method !== "POST" || rawPath !== "/") return upstream.forward(req, res, body);

    const target = req.headers["x-amz-target"];
    const operation =
      typeof target === "string" && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : "";
    if (!/^[A-Za-z]+$/.test(operation)) {
      return sendError(res, { status: 400, type: "UnknownOperationException", message: "Unknown operation." });
    }
    const isPublic = PUBLIC_OPERATIONS.has(operation);
    if (!isPublic) {
      try {
        verifySigV4(
          { method: "POST", rawPath, rawQuery, headers: req.headers, rawHeaders: req.rawHeaders, body },
          {
            lookup: (accessKeyId) => (accessKeyId === adminKey.accessKeyId ? adminKey : undefined),
            now: new Date(),
            services: ["cognito-idp"],
          },
        );
      } catch (error) {
        if (!(error instanceof SigV4Error)) throw error;
        const { errorType, status } = jsonAuthError(error.kind);
        return sendError(res, {
          status,
          type: errorType,
          message: `${operation} needs the local Cognito admin key (stack.json): ${error.message}`,
        });
      }
    }
    let input: unknown;
    try {
      input = JSON.parse(body.length === 0 ? "{}" : body.toString("utf8"));
    } catch {
      input = undefined;
    }
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      return sendError(res, { status: 400, type: "SerializationException", message: "The body is not a JSON object." });
    }
    const refusal = attributeRefusal(input as Record<string, unknown>, isPublic);
    if (refusal) return sendError(res, refusal);
    return upstream.forward(req, res, Buffer.from(JSON.stringify(input)), {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `${TARGET_PREFIX}${operation}`,
    });
  };
}

export async function startCognitoGuard(options: CognitoGuardOptions): Promise<GuardServer> {
  const upstream = new SocketUpstream(options.upstreamSocket, "cognito-local");
  const listener = cognitoGuardListener(options, upstream);
  return startGuardServer(options, (req, res) => {
    listener(req, res).catch(() => {
      if (!res.headersSent)
        sendError(res, { status: 500, type: "InternalErrorException", message: "The guard failed." });
      else res.destroy();
    });
  });
}
