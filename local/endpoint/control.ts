/**
 * The control route, for tests and tools: the fault plan (local/faults/faults.ts) and the messaging
 * sessions, changed while the endpoint runs. Paths under /_local/, which no AWS operation uses:
 *
 *   GET    /_local/faults          the plan in force, with each rule's hits
 *   PUT    /_local/faults          replaces the plan (JSON body: {"seed": 1, "rules": [...]})
 *   DELETE /_local/faults          no more faults
 *   POST   /_local/sessions/drop   ends open messaging sessions as a network drop would (the client sees
 *                                  1006 and reconnects); body {"userArn": "..."} for one user's, {} for all
 *   GET    /_local/push/outbox     the pushes that would have gone to APNs or FCM, newest first
 *                                  (?user=<AppInstanceUser ARN>, ?limit=1..1000 (100), ?before=<seq>)
 *   GET    /_local/push/apps       the push applications (Amazon Pinpoint apps) of the local account
 *   POST   /_local/push/apps       makes one: {"name": "...", "channels": ["APNS", "APNS_SANDBOX", "GCM"]}
 *
 * The outbox holds push titles and bodies (message text, when an app puts it there) and device tokens
 * of every user: it is as private as the rest of the route.
 *
 * Guarded: a request must be signed (SigV4, service chime, the endpoint's region) with the developer
 * key, the local account's administrator; any other key is refused. A request with an Origin header is
 * refused before anything else: browsers always send one, so no web page can reach this route, even
 * one that somehow held the key (CORS would not stop a page's PUT from arriving).
 */
import type { Principal } from "../account/principal";
import { PushAppError } from "../chime/push/pushApps";
import { OUTBOX_PAGE_MAX, type OutboxPage } from "../chime/push/outbox";
import type { PushAppRow } from "../store/store";
import { FaultPlanError, parseFaultPlan, type Faults } from "../faults/faults";
import type { Guard } from "../guard/guard";
import type { RawRequest, Reply } from "./protocol";

export const CONTROL_PREFIX = "/_local/";

export interface ControlRouteOptions {
  guard: Guard;
  /** True for the developer key's principal. */
  isDeveloper(principal: Principal): boolean;
  faults: Faults;
  /** Ends the open sessions of `userArn` (all when undefined); returns how many. */
  dropSessions(userArn: string | undefined): number;
  push: {
    outbox(query: { userArn?: string; before?: number; limit?: number }): OutboxPage;
    apps(): PushAppRow[];
    createApp(name: string, channels: string[]): PushAppRow;
  };
}

class ControlInputError extends Error {}

/** A whole number from `min` to `max`, or undefined when absent; anything else is a 400. */
function whole(query: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new ControlInputError(`${name} must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

function json(status: number, body: unknown, errorType?: string): Reply {
  return { status, body: JSON.stringify(body), contentType: "application/json", errorType };
}

function refusal(status: number, errorType: string, message: string): Reply {
  return json(status, { Code: errorType.replace(/Exception$/, ""), Message: message }, errorType);
}

function readJson(body: Buffer): unknown {
  const text = body.toString("utf8").trim();
  return text === "" ? {} : (JSON.parse(text) as unknown);
}

export function createControlRoute(options: ControlRouteOptions): (request: RawRequest) => Reply {
  return (request) => {
    if (request.headers.origin !== undefined) {
      return refusal(403, "AccessDeniedException", "The control route does not answer web pages (an Origin was sent).");
    }
    const principal = options.guard.authenticate(request, "chime");
    if (!options.isDeveloper(principal)) {
      return refusal(
        403,
        "AccessDeniedException",
        `${principal.arn} may not use the control route; sign with the developer key.`,
      );
    }
    const route = `${request.method} ${request.rawPath}`;
    try {
      switch (route) {
        case "GET /_local/faults":
          return json(200, options.faults.describe());
        case "PUT /_local/faults":
          options.faults.set(parseFaultPlan(readJson(request.body)));
          return json(200, options.faults.describe());
        case "DELETE /_local/faults":
          options.faults.clear();
          return json(200, options.faults.describe());
        case "POST /_local/sessions/drop": {
          const { userArn } = readJson(request.body) as { userArn?: unknown };
          if (userArn !== undefined && typeof userArn !== "string") {
            return refusal(400, "BadRequestException", "userArn must be a string.");
          }
          return json(200, { dropped: options.dropSessions(userArn) });
        }
        case "GET /_local/push/outbox":
          return json(
            200,
            options.push.outbox({
              userArn: request.query.get("user") ?? undefined,
              limit: whole(request.query, "limit", 1, OUTBOX_PAGE_MAX),
              before: whole(request.query, "before", 1, Number.MAX_SAFE_INTEGER),
            }),
          );
        case "GET /_local/push/apps":
          return json(200, { apps: options.push.apps() });
        case "POST /_local/push/apps": {
          const { name, channels } = readJson(request.body) as { name?: unknown; channels?: unknown };
          if (typeof name !== "string" || !Array.isArray(channels) || channels.some((c) => typeof c !== "string")) {
            return refusal(400, "BadRequestException", "Give a name and a list of channels.");
          }
          return json(201, options.push.createApp(name, channels as string[]));
        }
        default:
          return refusal(404, "UnknownOperationException", `No control operation matches ${route}.`);
      }
    } catch (error) {
      if (
        error instanceof FaultPlanError ||
        error instanceof SyntaxError ||
        error instanceof PushAppError ||
        error instanceof ControlInputError
      ) {
        return refusal(400, "BadRequestException", error.message);
      }
      throw error;
    }
  };
}
