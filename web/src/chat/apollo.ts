/**
 * The chat's Apollo client: every request carries the user's current ID token; a 401 (a token refused
 * before its time) gets one new token and one retry; the cache keys and merges what the socket and the
 * API deliver the same way (realtime/cachePolicies.ts); identical requests in flight are not merged.
 */
import { ApolloClient, HttpLink, InMemoryCache, ApolloLink } from "@apollo/client";
import { ServerError } from "@apollo/client/errors";
import { SetContextLink } from "@apollo/client/link/context";
import { ErrorLink } from "@apollo/client/link/error";
import { from, switchMap } from "rxjs";
import type { CognitoAuth } from "../auth/cognito";
import { realtimeTypePolicies, type LoadedChannels } from "../realtime/cachePolicies";

export function createApolloClient(graphqlUrl: string, auth: CognitoAuth, loadedChannels: LoadedChannels) {
  const withToken = new SetContextLink(async (previous) => ({
    headers: { ...(previous.headers as Record<string, string>), authorization: `Bearer ${await auth.idToken()}` },
  }));
  const retryWithNewToken = new ErrorLink(({ error, operation, forward }) => {
    if (!ServerError.is(error) || error.statusCode !== 401 || operation.getContext().retriedWithNewToken) return;
    operation.setContext({ retriedWithNewToken: true });
    return from(auth.refresh()).pipe(switchMap(() => forward(operation)));
  });
  return new ApolloClient({
    link: ApolloLink.from([retryWithNewToken, withToken, new HttpLink({ uri: graphqlUrl })]),
    cache: new InMemoryCache({ typePolicies: realtimeTypePolicies(loadedChannels) }),
    // A refetch after a change (a leave, a membership event) must ask anew: joined to a request sent
    // before the change, it would bring back what was just left. The newest request's answer wins.
    queryDeduplication: false,
  });
}
