/** The resolvers of every domain, merged into one map for the schema. */
import type { Resolvers } from "../generated/resolvers";
import { baseResolvers } from "./base";
import { channelResolvers } from "./channels";
import { channelSettingsResolvers } from "./channelSettings";
import { searchResolvers } from "./search";
import { credentialResolvers } from "./credentials";
import { memberResolvers } from "./members";
import { messageResolvers } from "./messages";
import { messageStatusResolvers } from "./messageStatus";
import { moderationResolvers } from "./moderation";
import { pushResolvers } from "./push";

const domains: Resolvers[] = [
  baseResolvers,
  channelResolvers,
  channelSettingsResolvers,
  searchResolvers,
  memberResolvers,
  moderationResolvers,
  messageResolvers,
  messageStatusResolvers,
  credentialResolvers,
  pushResolvers,
];

function merge(): Resolvers {
  const merged: Resolvers = {};
  for (const domain of domains) {
    for (const [typeName, fields] of Object.entries(domain)) {
      const existing = (merged as Record<string, unknown>)[typeName];
      // Scalars are objects too (GraphQLScalarType): only plain field maps are merged.
      (merged as Record<string, unknown>)[typeName] =
        existing && fields && Object.getPrototypeOf(fields) === Object.prototype
          ? { ...existing, ...(fields as object) }
          : fields;
    }
  }
  return merged;
}

export const resolvers = merge();
