/**
 * How a fault of the plan (local/faults/faults.ts) reads on the wire, in each protocol: the errors the
 * models declare for throttling and service faults, a delay, or a connection closed without an answer.
 * The server calls applyFault before an operation runs and after it ran (`when`).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { ServiceFailureError, ServiceUnavailableError, ThrottledClientError } from "../chime/errors";
import type { FaultRule } from "../faults/faults";
import { StsError } from "../sts/errors";
import type { Protocol } from "./protocol";

/** Thrown to have the server close the connection without answering. */
export class ConnectionDropped extends Error {
  constructor() {
    super("The connection was dropped by a fault injected by the local endpoint.");
  }
}

const NOTE = "(a fault injected by the local endpoint)";

function faultError(fault: FaultRule["fault"], protocol: Protocol): Error {
  if (fault === "drop") return new ConnectionDropped();
  if (protocol === "awsQuery") {
    // STS's own codes (Query API common errors): Throttling is a 400 the SDKs retry as throttling.
    if (fault === "throttle") return new StsError("Throttling", 400, `Rate exceeded ${NOTE}`);
    if (fault === "unavailable") {
      return new StsError("ServiceUnavailable", 503, `The service is unavailable ${NOTE}.`, "Receiver");
    }
    return new StsError("InternalFailure", 500, `The request processing has failed ${NOTE}.`, "Receiver");
  }
  if (fault === "throttle") return new ThrottledClientError(`Rate exceeded ${NOTE}.`);
  if (fault === "unavailable") return new ServiceUnavailableError(`The service is currently unavailable ${NOTE}.`);
  return new ServiceFailureError(`The service failed ${NOTE}.`);
}

/** Applies `fault` if it is for this phase: waits (delay) or throws (every other kind). */
export async function applyFault(
  fault: FaultRule | undefined,
  protocol: Protocol,
  phase: "before" | "after",
): Promise<void> {
  if (!fault || (fault.when ?? "before") !== phase) return;
  if (fault.fault === "delay") await sleep(fault.delayMs ?? 0);
  else throw faultError(fault.fault, protocol);
}
