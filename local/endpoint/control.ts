/**
 * The control route, for tests and tools: the fault plan (local/faults/faults.ts) and the messaging
 * sessions, changed while the endpoint runs. Paths under /_local/, which no AWS operation uses:
 *
 *   GET    /_local/faults          the plan in force, with each rule's hits
 *   PUT    /_local/faults          replaces the plan (JSON body: {"seed": 1, "rules": [...]})
 *   DELETE /_local/faults          no more faults
 *   POST   /_local/sessions/drop   ends open messaging sessions as a network drop would (the client sees
 *                                  1006 and reconnects); body {"userArn": "..."} for one user's, {} for all
 *
 * Guarded: a request must be signed (SigV4, service chime, the endpoint's region) with the developer
 * key, the local account's administrator; any other key is refused. A request with an Origin header is
 * refused before anything else: browsers always send one, so no web page can reach this route, even
 * one that somehow held the key (CORS would not stop a page's PUT from arriving).
 */
import type { Principal } from "../account/principal";
import { FaultPlanError, parseFaultPlan, type Faults } from "../faults/faults";
import type { RawRequest, Reply, RequestGuard } from "./protocol";

export const CONTROL_PREFIX = "/_local/";

export interface ControlRouteOptions {
  guard: RequestGuard;
  /** True for the developer key's principal. */
  isDeveloper(principal: Principal): boolean;
  faults: Faults;
  /** Ends the open sessions of `userArn` (all when undefined); returns how many. */
  dropSessions(userArn: string | undefined): number;
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
    const principal = options.guard.authenticate(request);
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
        default:
          return refusal(404, "UnknownOperationException", `No control operation matches ${route}.`);
      }
    } catch (error) {
      if (error instanceof FaultPlanError || error instanceof SyntaxError) {
        return refusal(400, "BadRequestException", error.message);
      }
      throw error;
    }
  };
}
