/**
 * The endpoint's control route (local/endpoint/control.ts) as a test drives it: signed with the
 * developer key, like any tool would (curl --aws-sigv4, or this).
 */
import type { FaultPlan } from "../../local/faults/faults";
import type { AccessKey } from "./localEndpoint";
import { signedRequest, type RawResponse } from "./signedHttp";

export interface ControlTarget {
  port: number;
  developerKey: AccessKey;
}

async function control(target: ControlTarget, method: string, path: string, body?: unknown): Promise<RawResponse> {
  const response = await signedRequest({
    port: target.port,
    method,
    path,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: body === undefined ? {} : { "content-type": "application/json" },
    credentials: target.developerKey,
  });
  if (response.status !== 200) throw new Error(`${method} ${path}: ${response.status} ${response.body}`);
  return response;
}

/** Replaces the endpoint's fault plan. */
export async function setFaults(target: ControlTarget, plan: FaultPlan): Promise<void> {
  await control(target, "PUT", "/_local/faults", plan);
}

/** The plan in force with each rule's hits. */
export async function faultsInForce(target: ControlTarget): Promise<{ seed: number; rules: { hits: number }[] }> {
  return JSON.parse((await control(target, "GET", "/_local/faults")).body) as {
    seed: number;
    rules: { hits: number }[];
  };
}

export async function clearFaults(target: ControlTarget): Promise<void> {
  await control(target, "DELETE", "/_local/faults");
}

/** Drops the open messaging sessions of `userArn` (all without it); returns how many. */
export async function dropSessions(target: ControlTarget, userArn?: string): Promise<number> {
  const response = await control(target, "POST", "/_local/sessions/drop", userArn === undefined ? {} : { userArn });
  return (JSON.parse(response.body) as { dropped: number }).dropped;
}
