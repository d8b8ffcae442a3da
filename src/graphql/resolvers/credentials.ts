/**
 * The `credentials` mutation: the caller's own STS session (src/credentials) and where to use it. The
 * caller's AppInstanceUser already exists here: the context provisions it before any resolver runs.
 */
import type { Resolvers } from "../generated/resolvers";

export const credentialResolvers: Resolvers = {
  Mutation: {
    credentials: async (_parent, _args, context) => {
      const [credentials, messagingSessionEndpoint] = await Promise.all([
        context.credentials(),
        context.messagingSessionEndpoint(),
      ]);
      return {
        credentials,
        region: context.region,
        appInstanceArn: context.appInstanceArn,
        userArn: context.identity.bearer,
        messagingSessionEndpoint,
      };
    },
  },
  ChimeCredentials: {
    accessKeyId: (model) => model.credentials.accessKeyId,
    secretAccessKey: (model) => model.credentials.secretAccessKey,
    sessionToken: (model) => model.credentials.sessionToken,
    expiration: (model) => model.credentials.expiration,
    // region, appInstanceArn, userArn and messagingSessionEndpoint: the default resolvers.
  },
};
