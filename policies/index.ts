/**
 * Loads the IAM documents of this folder with their `{{Placeholders}}` filled in. Used by the local
 * endpoint, and by the deployment, so both enforce the same policies.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export type PolicyName = "server-role" | "user-role" | "user-role-trust";

export interface PolicyParameters {
  AppInstanceArn: string;
  SessionTagKey: string;
  ServerRoleArn: string;
  UserRoleArn: string;
}

export const policyNames: readonly PolicyName[] = ["server-role", "user-role", "user-role-trust"];

/** The document as stored, placeholders and all. */
export function policyTemplate(name: PolicyName): string {
  return readFileSync(join(__dirname, `${name}.json`), "utf8");
}

/**
 * The document with every placeholder replaced; an unknown or missing parameter is an error.
 * `template` replaces the stored document (tests try narrower policies this way).
 */
export function renderPolicy(name: PolicyName, parameters: PolicyParameters, template = policyTemplate(name)): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = (parameters as unknown as Record<string, string | undefined>)[key];
    if (value === undefined) throw new Error(`Policy ${name} uses {{${key}}}, which has no value.`);
    return value;
  });
}
