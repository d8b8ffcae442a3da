import { ForbiddenError } from "../../errors";
import type { AppInstanceUserRow, EndpointRow, Store } from "../../../store/store";
import { findAppInstanceUser } from "../identity/findAppInstance";

/**
 * The user's endpoint. As for the other identity resources, a missing one is a ForbiddenException (the
 * endpoint operations model no NotFoundException): an unknown user, or an endpoint of another user.
 */
export function findEndpoint(
  store: Pick<Store, "getUser" | "getEndpoint">,
  userArn: string,
  endpointId: string,
): { user: AppInstanceUserRow; endpoint: EndpointRow } {
  const user = findAppInstanceUser(store, userArn);
  const endpoint = store.getEndpoint(user.arn, endpointId);
  if (!endpoint) throw new ForbiddenError("The app instance user endpoint does not exist.");
  return { user, endpoint };
}
