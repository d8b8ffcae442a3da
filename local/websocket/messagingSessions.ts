/**
 * The messaging-session WebSocket (`GET /connect`, upgraded) on the local endpoint's port. A client
 * connects with a URL presigned with SigV4 (as amazon-chime-sdk-js builds it), naming its
 * AppInstanceUser in `userArn`. The handshake always completes; a refused session is then closed with
 * Chime's codes (4401 not authorized, 4003 forbidden), as the SDK expects. An accepted one gets
 * SESSION_ESTABLISHED first, then the events of its user's channels.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Server as TlsServer } from "node:https";
import type { Duplex } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { WebSocket, WebSocketServer } from "ws";
import { resolveBearer } from "../chime/access";
import { AccessDeniedError, ForbiddenError, ThrottledClientError, UnauthorizedClientError } from "../chime/errors";
import type { ChannelEvent } from "../chime/events";
import { quotaExceeded } from "../chime/quotas";
import type { RateLimiter } from "../chime/rateQuotas";
import type { Faults } from "../faults/faults";
import type { Services } from "../chime/services";
import { refuseUntrustedUpgrade, type ListenerTrust } from "../http/trust";
import type { Guard } from "../guard/guard";
import { SigV4Error } from "../sigv4/verify";
import { channelDetailsFor, prefetchSortBy } from "./prefetch";

/**
 * Close codes. 4401 and 4003 are Chime's (handle-disconnects.md: not authorized, forbidden) and final
 * for amazon-chime-sdk-js. For a failure of the endpoint itself, AWS documents nothing: 1011 (the
 * WebSocket standard's internal error) is one the SDK retries, as it should.
 */
export const CLOSE_NOT_AUTHORIZED = 4401;
export const CLOSE_FORBIDDEN = 4003;
export const CLOSE_INTERNAL_ERROR = 1011;
/**
 * A quota stops the session for now: at most connectionsPerUser open sessions per user, and (rate
 * quotas on) one connect a second per user. AWS documents no close code for either; reading: 1013,
 * "try again later" in the developer guide's table of codes to reconnect after, as the session can
 * open once another one of the user's closes, or a second has passed.
 */
export const CLOSE_TRY_AGAIN_LATER = 1013;
const PING_INTERVAL_MS = 30_000;

interface Frame {
  Headers: Record<string, string>;
  Payload: string;
}

function frame(eventType: string, messageType: string, payload: unknown, reason?: string): string {
  const headers: Record<string, string> = {
    "x-amz-chime-event-type": eventType,
    "x-amz-chime-message-type": messageType,
  };
  if (reason !== undefined) headers["x-amz-chime-event-reason"] = reason;
  const message: Frame = {
    Headers: headers,
    // The payload is a JSON document serialised as a string; Dates become ISO-8601 with milliseconds.
    Payload: payload === undefined ? "" : JSON.stringify(payload),
  };
  return JSON.stringify(message);
}

export interface MessagingSessions {
  /** Open sockets by AppInstanceUser ARN. */
  readonly connections: ReadonlyMap<string, ReadonlySet<WebSocket>>;
  /** Ends the open sessions of `userArn` (every user's when undefined) as a network drop would; returns how many. */
  drop(userArn?: string): number;
  close(): void;
}

/** The endpoint's guard and Host check; optional: the rate quotas (when on) and the fault plan (operation "Connect"). */
export interface MessagingSessionOptions {
  /** Who may connect: the same decision as every HTTP request's (local/guard). */
  guard: Guard;
  /** The listeners' Host check, before any handshake (local/http/trust.ts). */
  trust: ListenerTrust;
  rateLimiter?: RateLimiter;
  faults?: Faults;
}

/**
 * A fault of the plan on a connect, once the handshake is done: throttled as the connect rate quota
 * (1013), unavailable as a service restart (1012), failed as an internal error (1011): codes of the
 * developer guide's table that amazon-chime-sdk-js reconnects after.
 */
function faultRefusal(fault: "throttle" | "unavailable" | "failure"): Refusal {
  const code = { throttle: CLOSE_TRY_AGAIN_LATER, unavailable: 1012, failure: CLOSE_INTERNAL_ERROR }[fault];
  return new Refusal(code, `A fault injected by the local endpoint (${fault}).`);
}

class Refusal extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The guard's and Chime's refusals as close codes: a bad signature, IAM's denial and a user that is
 * not an AppInstanceUser are 4401; a forbidden request 4003; a rate quota 1013. Anything else is not a
 * refusal (1011, in onUpgrade).
 */
function refusalOf(error: unknown): Refusal | undefined {
  if (error instanceof SigV4Error || error instanceof AccessDeniedError) {
    return new Refusal(CLOSE_NOT_AUTHORIZED, error.message);
  }
  // Chime's implicit authorization speaks of the REST calls' x-amz-chime-bearer; here the user is named by userArn.
  if (error instanceof UnauthorizedClientError) {
    return new Refusal(CLOSE_NOT_AUTHORIZED, "The userArn is not an AppInstanceUser.");
  }
  if (error instanceof ForbiddenError) return new Refusal(CLOSE_FORBIDDEN, error.message);
  if (error instanceof ThrottledClientError) return new Refusal(CLOSE_TRY_AGAIN_LATER, error.message);
  return undefined;
}

export function attachMessagingSessions(
  /** The plain listener (ws://) and, when TLS is on, the TLS one (wss://): the same sessions on both. */
  servers: readonly (Server | TlsServer)[],
  { store, clock, events, config }: Pick<Services, "store" | "clock" | "events" | "config">,
  { guard, trust, rateLimiter, faults }: MessagingSessionOptions,
): MessagingSessions {
  const sockets = new WebSocketServer({ noServer: true });
  const connections = new Map<string, Set<WebSocket>>();

  /**
   * Who may open a session: a valid presigned URL, chime:Connect on userArn (the guard's decision, as
   * for every HTTP request), and an existing user (Chime's implicit authorization, as for a bearer).
   * The URL's X-Amz-Expires (10 s from amazon-chime-sdk-js) gets the same 5-minute clock-skew slack as
   * every signature here: the SDK signs with the device's clock, uncorrected, and AWS documents no
   * slack of its own. A URL older than that is refused, so a client must sign a new one per attempt.
   * Signed as `chime` for the endpoint's region, as the REST calls (amazon-chime-sdk-js signs with its
   * client's).
   */
  function admit(req: IncomingMessage): { userArn: string; query: URLSearchParams } {
    const [rawPath, rawQuery = ""] = (req.url ?? "/").split(/\?(.*)/s, 2);
    const principal = guard.authenticate(
      { method: "GET", rawPath, rawQuery, headers: req.headers, rawHeaders: req.rawHeaders, body: Buffer.alloc(0) },
      "chime",
    );
    const query = new URLSearchParams(rawQuery);
    const userArn = query.get("userArn");
    if (!userArn) throw new Refusal(CLOSE_FORBIDDEN, "The connect URL names no userArn.");
    guard.authorize(principal, "Connect", { AppInstanceUserArn: userArn });
    resolveBearer(store, userArn);
    if ((connections.get(userArn)?.size ?? 0) >= config.quotas.connectionsPerUser) {
      throw new Refusal(CLOSE_TRY_AGAIN_LATER, quotaExceeded(config.quotas, "connectionsPerUser").message);
    }
    rateLimiter?.take("Connect", { AppInstanceUserArn: userArn });
    return { userArn, query };
  }

  /**
   * An admitted socket stays open until either side closes it, even past its credentials' expiry:
   * AWS documents no such close; credentials are checked when a socket connects.
   */
  function open(socket: WebSocket, { userArn, query }: { userArn: string; query: URLSearchParams }): void {
    let userSockets = connections.get(userArn);
    if (!userSockets) connections.set(userArn, (userSockets = new Set()));
    userSockets.add(socket);
    let alive = true;
    socket.on("pong", () => (alive = true));
    const heartbeat = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, PING_INTERVAL_MS);
    socket.on("close", () => {
      clearInterval(heartbeat);
      userSockets.delete(socket);
      if (userSockets.size === 0) connections.delete(userArn);
    });
    socket.send(frame("SESSION_ESTABLISHED", "SYSTEM", undefined));
    if (query.get("prefetch-on") === "connect") {
      const sortBy = prefetchSortBy(query.get("prefetch-sort-by"));
      for (const details of channelDetailsFor(store, userArn, sortBy, clock.now().getTime())) {
        socket.send(frame("CHANNEL_DETAILS", "SYSTEM", details));
      }
    }
  }

  async function onUpgrade(req: IncomingMessage, duplex: Duplex, head: Buffer): Promise<void> {
    if (refuseUntrustedUpgrade(trust, req, duplex)) return;
    if ((req.url ?? "").split("?")[0] !== "/connect") {
      duplex.end("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    // Admission is decided before the handshake; a refusal is still sent after it, as a close code.
    let admitted: ReturnType<typeof admit> | undefined;
    let refusal: Refusal | undefined;
    try {
      admitted = admit(req);
    } catch (error) {
      refusal =
        error instanceof Refusal
          ? error
          : (refusalOf(error) ?? new Refusal(CLOSE_INTERNAL_ERROR, "The session could not be opened."));
    }
    // Faults of the plan meet admitted (signed) connects only, as they meet signed requests.
    const fault = admitted ? faults?.take("Connect") : undefined;
    if (fault?.fault === "drop") return void duplex.destroy();
    if (fault?.fault === "delay") await sleep(fault.delayMs ?? 0);
    else if (fault) refusal = faultRefusal(fault.fault);
    sockets.handleUpgrade(req, duplex, head, (socket) => {
      if (refusal || !admitted) {
        const { code, message } = refusal ?? new Refusal(CLOSE_INTERNAL_ERROR, "The session could not be opened.");
        // Close reasons are limited to 123 bytes.
        socket.close(code, Buffer.from(message).subarray(0, 123).toString());
        return;
      }
      open(socket, admitted);
    });
  }

  function deliver(event: ChannelEvent): void {
    let data: string | undefined;
    for (const userArn of new Set(event.recipients)) {
      for (const socket of connections.get(userArn) ?? []) {
        if (socket.readyState !== WebSocket.OPEN) continue;
        data ??= frame(event.type, event.messageType, event.payload, event.reason);
        socket.send(data);
      }
    }
  }

  const upgrade = (req: IncomingMessage, duplex: Duplex, head: Buffer) => void onUpgrade(req, duplex, head);
  for (const server of servers) server.on("upgrade", upgrade);
  const unsubscribe = events.subscribe(deliver);
  return {
    connections,
    drop(userArn) {
      const dropped = userArn === undefined ? [...connections.values()] : [connections.get(userArn) ?? []];
      let count = 0;
      for (const socket of dropped.flatMap((set) => [...set])) {
        socket.terminate();
        count++;
      }
      return count;
    },
    close() {
      unsubscribe();
      for (const server of servers) server.off("upgrade", upgrade);
      for (const socket of sockets.clients) socket.terminate();
      sockets.close();
    },
  };
}
