/**
 * `searchChannels`: by name prefix, by member, or both (schema/search.graphql).
 *
 * Chime's SearchChannels finds channels by members only (its one field is MEMBERS), among the channels
 * the bearer belongs to (an AppInstanceAdmin: all). Names are searched here, over Chime's lists:
 * - by member: SearchChannels as the caller (an admin: as the backend user, so all channels);
 * - by name only: the PUBLIC channels (ListChannels as the caller), then the PRIVATE ones the caller may
 *   see: their own (ListChannelMembershipsForAppInstanceUser, the PRIVATE ones of it, as the public ones
 *   were listed already), or, for an admin, all of them (ListChannels PRIVATE as the backend user).
 * Each source is read page by page and filtered; a request reads at most MAX_PAGES Chime pages (200
 * channels), so its cost is bounded whatever the app instance's size, and a page of results may be
 * short, or empty, with more to come. The cursor says where to go on: which source, which Chime page
 * (its NextToken) and how far into it; it is opaque and bound to the search and the caller, as the
 * other connections' cursors are (pagination.ts). A search over N channels takes about N / 200
 * requests to finish: an app that needs full-text search over many channels should index the names
 * itself (docs/realtime.md, "Searching channels").
 */
import type { ChannelSummary, SearchField } from "@aws-sdk/client-chime-sdk-messaging";
import type { GraphQLContext } from "../context";
import { decodeCursor, encodeCursor, queryFingerprint } from "../cursors";
import { badUserInput } from "../errors";
import type { Resolvers } from "../generated/resolvers";
import type { ChannelModel } from "../mappers";
import { forwardConnection, type ChimePage, type Connection } from "../pagination";
import { LIMITS, pageSize } from "../validation";
import { chimePage, inputs } from "./shared";

/** Chime pages one request reads at most (of 50 channels each). */
export const MAX_PAGES = 4;

type Source = (nextToken: string | undefined) => Promise<ChimePage<ChannelSummary>>;

interface Position {
  /** Index of the source being read; sources.length when all are read. */
  s: number;
  /** NextToken of the Chime page the position is in; none for a source's first page. */
  t?: string;
  /** Channels of that page already read. */
  o: number;
}

function decode(after: string, q: string): Position {
  const { s, t, o } = decodeCursor(after, q) ?? {};
  const valid =
    Number.isInteger(s) &&
    (s as number) >= 0 &&
    Number.isInteger(o) &&
    (o as number) >= 0 &&
    (t === undefined || typeof t === "string");
  if (!valid) throw badUserInput("after", "after is not a cursor of this search: pass a cursor it returned.");
  return { s: s as number, t, o: o as number };
}

/** Reads the sources from `after` on, keeping the channels that match, within MAX_PAGES Chime pages. */
async function scan(
  args: { first?: number | null; after?: string | null },
  scope: unknown,
  sources: Source[],
  matches: (channel: ChannelSummary) => boolean,
): Promise<Connection<ChannelModel>> {
  const first = pageSize(args.first);
  const q = queryFingerprint(scope);
  let position: Position = args.after ? decode(args.after, q) : { s: 0, o: 0 };
  const edges: Connection<ChannelModel>["edges"] = [];
  for (let pages = 0; position.s < sources.length && edges.length < first && pages < MAX_PAGES; pages++) {
    const page = await sources[position.s](position.t);
    // Where to go on after the item at `index` of this page: its next item, else the next page or source.
    const after = (index: number): Position =>
      index + 1 < page.items.length
        ? { s: position.s, t: position.t, o: index + 1 }
        : page.nextToken
          ? { s: position.s, t: page.nextToken, o: 0 }
          : { s: position.s + 1, o: 0 };
    let next = after(page.items.length - 1);
    for (let index = position.o; index < page.items.length; index++) {
      const channel = page.items[index];
      if (!matches(channel)) continue;
      edges.push({ cursor: encodeCursor(q, after(index)), node: channel });
      if (edges.length === first) {
        next = after(index);
        break;
      }
    }
    position = next;
  }
  const hasNextPage = position.s < sources.length;
  // With no edge but more to read, the end cursor still moves on: the next request scans further.
  const endCursor = hasNextPage ? encodeCursor(q, position) : (edges[edges.length - 1]?.cursor ?? null);
  return forwardConnection(edges, hasNextPage, endCursor);
}

function namePrefixOf(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  if ([...value].length < 1 || [...value].length > LIMITS.channelName) {
    throw badUserInput("namePrefix", `namePrefix must be 1 to ${LIMITS.channelName} characters.`, LIMITS.channelName);
  }
  return value.toLocaleLowerCase();
}

function sourcesFor(context: GraphQLContext, memberArn: string | undefined): Source[] {
  const admin = context.identity.isAdmin;
  if (memberArn !== undefined) {
    const fields: SearchField[] = [{ Key: "MEMBERS", Operator: "INCLUDES", Values: [memberArn] }];
    // An AppInstanceAdmin searches all channels: the backend user is one.
    const chime = admin ? context.chimeAsAdmin() : context.chime;
    return [
      async (token) => {
        const page = await chime.searchChannels(fields, chimePage(token));
        return { items: page.Channels ?? [], nextToken: page.NextToken };
      },
    ];
  }
  const publicChannels: Source = async (token) => {
    const page = await context.chime.listChannels("PUBLIC", chimePage(token));
    return { items: page.Channels ?? [], nextToken: page.NextToken };
  };
  const privateChannels: Source = admin
    ? async (token) => {
        const page = await context.chimeAsAdmin().listChannels("PRIVATE", chimePage(token));
        return { items: page.Channels ?? [], nextToken: page.NextToken };
      }
    : async (token) => {
        const page = await context.chime.listOwnChannelMemberships(chimePage(token));
        const own = (page.ChannelMemberships ?? []).flatMap((membership) =>
          membership.ChannelSummary?.Privacy === "PRIVATE" ? [membership.ChannelSummary] : [],
        );
        return { items: own, nextToken: page.NextToken };
      };
  return [publicChannels, privateChannels];
}

export const searchResolvers: Resolvers = {
  Query: {
    searchChannels: (_parent, args, context) => {
      const prefix = namePrefixOf(args.namePrefix);
      const memberArn =
        args.memberArn === null || args.memberArn === undefined
          ? undefined
          : inputs(context).user("memberArn", args.memberArn);
      if (prefix === undefined && memberArn === undefined) {
        throw badUserInput("namePrefix", "Give namePrefix, memberArn or both.");
      }
      const scope = { query: "searchChannels", prefix, memberArn, caller: context.identity.sub };
      return scan(args, scope, sourcesFor(context, memberArn), (channel) =>
        prefix === undefined ? true : (channel.Name ?? "").toLocaleLowerCase().startsWith(prefix),
      );
    },
  },
};
