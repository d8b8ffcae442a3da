/**
 * The moderation processor's configuration, read from its environment once when the container loads
 * (a bad value fails the cold start, naming the variable). serverless.yml fills these from the
 * deployment's moderation parameters (docs/deploy.md, "Moderation").
 */
import { PERSONAL_DATA_KINDS, type PersonalDataKind } from "./personalData";
import type { ModerationAction, ModerationPolicy } from "./policy";

export interface ModerationConfig {
  policy: ModerationPolicy;
  /** The DynamoDB table of denials (decisions.ts); undefined: denials are not recorded. */
  decisionsTable: string | undefined;
  region: string;
}

type Env = Record<string, string | undefined>;

export class ModerationConfigError extends Error {
  constructor(message: string) {
    super(`Invalid moderation configuration: ${message}`);
    this.name = "ModerationConfigError";
  }
}

const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

function action(env: Env, name: string, fallback: ModerationAction): ModerationAction {
  const value = env[name]?.trim() || fallback;
  if (value !== "deny" && value !== "mask")
    throw new ModerationConfigError(`${name} must be deny or mask, not "${value}".`);
  return value;
}

function personalData(env: Env): PersonalDataKind[] {
  const value = env.MODERATION_PERSONAL_DATA?.trim();
  if (value === undefined || value === "") return [...PERSONAL_DATA_KINDS];
  if (value === "none") return [];
  const kinds = list(value);
  for (const kind of kinds) {
    if (!PERSONAL_DATA_KINDS.includes(kind as PersonalDataKind)) {
      throw new ModerationConfigError(
        `MODERATION_PERSONAL_DATA must be none or a list of ${PERSONAL_DATA_KINDS.join(", ")}, not "${value}".`,
      );
    }
  }
  return kinds as PersonalDataKind[];
}

export function loadModerationConfig(env: Env): ModerationConfig {
  const region = env.AWS_REGION?.trim();
  if (!region) throw new ModerationConfigError("AWS_REGION is required.");
  return {
    policy: {
      words: list(env.MODERATION_WORDS),
      wordAction: action(env, "MODERATION_WORD_ACTION", "deny"),
      personalData: personalData(env),
      personalDataAction: action(env, "MODERATION_PERSONAL_DATA_ACTION", "mask"),
    },
    decisionsTable: env.MODERATION_DECISIONS_TABLE?.trim() || undefined,
    region,
  };
}
