import type { SearchChannelsRequest, SearchChannelsResponse } from "@aws-sdk/client-chime-sdk-messaging";
import { resolveBearer } from "../../access";
import { decodeNextToken, isStringCursor, nextTokenFor, pageSize } from "../../pagination";
import type { OperationHandler, Services } from "../../services";
import { channelSummaryView } from "../../views";

/**
 * SearchChannels (API reference): "search channels by channel members. Users or bots can search
 * across the channels that they belong to. Users in the AppInstanceAdmin role can search across all
 * channels." The model's one key is MEMBERS, with two operators: EQUALS, the channels whose
 * memberships are exactly the values, and INCLUDES, the channels whose memberships include them; the
 * values are AppInstanceUser ARNs. Readings where AWS is silent:
 * - several Fields must all hold (a channel matches every field);
 * - memberships are the DEFAULT ones: hidden members are not shown to other members (ListChannelMemberships),
 *   and a search would show them; "channels they belong to" counts any membership of the bearer;
 * - an ARN that is no user of the app instance matches nothing (no error is documented);
 * - results are in channel ARN order (none is promised), paged with NextToken like the lists.
 * Bots do not exist here. The bearer header is optional in the model but "mandatory" in its
 * documentation: without one the call is refused as with an invalid one (401).
 */
export function searchChannels({
  store,
}: Pick<Services, "store">): OperationHandler<SearchChannelsRequest, SearchChannelsResponse> {
  return (input) => {
    const caller = resolveBearer(store, input.ChimeBearer);
    const limit = pageSize(input.MaxResults);
    const fields = input.Fields ?? [];
    const includes = fields.flatMap((field) => field.Values ?? []);
    const exactSets = fields
      .filter((field) => field.Operator === "EQUALS")
      .map((field) => [...new Set(field.Values ?? [])].sort());
    const scope = {
      operation: "SearchChannels",
      fields: fields.map((field) => [field.Key, field.Operator, [...new Set(field.Values ?? [])].sort()]),
      bearer: caller.arn,
    };
    const after = decodeNextToken(input.NextToken, scope, isStringCursor);
    // Two EQUALS fields of different sets, or an INCLUDES value outside the EQUALS set, match nothing.
    const members = [...new Set(includes)];
    const exact = exactSets.length > 0;
    const impossible = exact && exactSets.some((set) => set.length !== members.length);
    if (impossible || members.length === 0) return { Channels: [] };
    const page = store.searchChannels({
      appInstanceArn: caller.appInstanceArn,
      members,
      exact,
      within: caller.isAdmin ? undefined : caller.arn,
      after,
      limit,
    });
    return {
      Channels: page.items.map(channelSummaryView),
      NextToken: nextTokenFor(page, scope, (last) => last.arn),
    };
  };
}
