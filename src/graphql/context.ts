/** What every resolver gets: the request's id and logger, the verified caller, and Chime as the caller. */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { CallerIdentity } from "../auth/identity";
import type { ChimeGateway, ChimeSession } from "../chime/gateway";

export interface GraphQLContext {
  requestId: string;
  logger: Logger;
  identity: CallerIdentity;
  appInstanceArn: string;
  /** Chime with the caller's AppInstanceUser as bearer. */
  chime: ChimeSession;
  /**
   * Chime with the backend service user (an AppInstanceAdmin) as bearer, for the operations Chime
   * reserves for admins. Throws FORBIDDEN unless the caller is in the admin group.
   */
  chimeAsAdmin(): ChimeSession;
  /** Calls without a bearer (the messaging-session endpoint). */
  gateway: ChimeGateway;
}
