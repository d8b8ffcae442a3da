import type { ApolloCache } from "@apollo/client";

export interface KnownUser {
  arn: string;
  name: string;
}

/**
 * The people this user has seen (members and senders of their channels, as cached): whom they can add
 * to a channel. The API has no user directory; an app with one would search it instead.
 */
export function knownUsers(cache: ApolloCache, exceptArn: string | undefined): KnownUser[] {
  const store = cache.extract() as Record<string, { __typename?: string; arn?: string; name?: string | null }>;
  return Object.values(store)
    .filter((entry) => entry.__typename === "User" && entry.arn && entry.arn !== exceptArn)
    .map((entry) => ({ arn: entry.arn as string, name: entry.name ?? (entry.arn as string) }))
    .filter((user) => !user.arn.endsWith("/user/backend_worker"))
    .sort((a, b) => a.name.localeCompare(b.name));
}
