import type { Page } from "../../../store/database";
import { moderatorAccess } from "../../access";
import { keysetPage } from "../../pagination";
import type { Services } from "../../services";

interface ChannelListingRequest {
  ChannelArn: string | undefined;
  ChimeBearer: string | undefined;
  MaxResults?: number;
  NextToken?: string;
}

/**
 * A page of a list only the channel's moderators and admins may read (ListChannelBans,
 * ListChannelModerators), keyset-paginated on the ARN of the user each row is about.
 */
export function moderatorsOnlyPage<Row>(
  store: Services["store"],
  input: ChannelListingRequest,
  operation: string,
  list: (channelArn: string, after: string | undefined, limit: number) => Page<Row>,
  userArnOf: (row: Row) => string,
): { channelArn: string; rows: Row[]; nextToken: string | undefined } {
  const access = moderatorAccess(store, input, "Forbidden", operation);
  const scope = { operation, channel: access.channel.arn, bearer: access.caller.arn };
  const page = keysetPage(input, scope, (after, limit) => list(access.channel.arn, after, limit), userArnOf);
  return { channelArn: access.channel.arn, rows: page.items, nextToken: page.NextToken };
}
