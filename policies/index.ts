/**
 * Loads the IAM documents of this folder with their `{{Placeholders}}` filled in. Used by the local
 * endpoint, and by the deployment, so both enforce the same policies.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export type PolicyName =
  | "server-role"
  | "user-role"
  | "user-role-trust"
  // Mobile push, attached only when a push application is configured (docs/mobile.md):
  | "server-role-push"
  | "user-role-push"
  // The role Chime itself assumes to send through the push application (deployment only).
  | "push-service-role"
  | "push-service-role-trust"
  | "moderation-processor-role"
  | "server-role-moderation"
  | "user-role-moderation";

export interface PolicyParameters {
  AppInstanceArn: string;
  SessionTagKey: string;
  ServerRoleArn: string;
  UserRoleArn: string;
  /** The per-user rate limit table the server role writes to. */
  RateLimitTableArn: string;
  /** A list: the ids no user's credentials may act as (the backend user's first). */
  ReservedUserIds: string[];
  /** The push application (an Amazon Pinpoint app), for the *-push documents only. */
  PushAppArn?: string;
  /** The table of the moderation processor's denials (with moderation on). */
  ModerationDecisionsTableArn: string;
}

export const policyNames: readonly PolicyName[] = [
  "server-role",
  "user-role",
  "user-role-trust",
  "server-role-push",
  "user-role-push",
  "push-service-role",
  "push-service-role-trust",
  "moderation-processor-role",
  "server-role-moderation",
  "user-role-moderation",
];

/** The document as stored, placeholders and all. */
export function policyTemplate(name: PolicyName): string {
  return readFileSync(join(__dirname, `${name}.json`), "utf8");
}

/**
 * The document with every placeholder replaced; an unknown or missing parameter is an error.
 * A list parameter (ReservedUserIds) may only stand in a string of a JSON array: that string becomes
 * one string per value (`["a/{{List}}"]` -> `["a/x", "a/y"]`). `template` replaces the stored document
 * (tests try narrower policies this way).
 */
export function renderPolicy(name: PolicyName, parameters: PolicyParameters, template = policyTemplate(name)): string {
  const values = parameters as unknown as Record<string, string | string[] | undefined>;
  const valueOf = (key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`Policy ${name} uses {{${key}}}, which has no value.`);
    return value;
  };
  // List placeholders first, on whole JSON strings; the scalar ones in them are filled in after.
  const listsExpanded = template.replace(
    /"([^"]*)\{\{(\w+)\}\}([^"]*)"/g,
    (whole, before: string, key: string, after: string) => {
      const value = valueOf(key);
      if (!Array.isArray(value)) return whole;
      return value.map((item) => JSON.stringify(`${before}${item}${after}`)).join(", ");
    },
  );
  return listsExpanded.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = valueOf(key);
    if (Array.isArray(value)) throw new Error(`Policy ${name} uses the list {{${key}}} outside an array.`);
    return value;
  });
}
