/** Helpers shared by the resolvers of every domain. */
import type { GraphQLContext } from "../context";
import { CHIME_PAGE_SIZE } from "../pagination";
import { InputValidator } from "../validation";

/** A member Chime's model makes optional but always sends; its absence is a fault, not a null. */
export function required<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`Chime answered without ${what}.`);
  return value;
}

const validators = new Map<string, InputValidator>();

/** The input checks bound to the app instance (one per container). */
export function inputs(context: Pick<GraphQLContext, "appInstanceArn">): InputValidator {
  let validator = validators.get(context.appInstanceArn);
  if (!validator) {
    validator = new InputValidator(context.appInstanceArn);
    validators.set(context.appInstanceArn, validator);
  }
  return validator;
}

/** Stable ids of objects that have no ARN of their own. */
export const ids = {
  membership: (channelArn: string, memberArn: string) => `${channelArn}#membership#${memberArn}`,
  myChannel: (channelArn: string, userArn: string) => `${channelArn}#my-channel#${userArn}`,
  moderator: (channelArn: string, moderatorArn: string) => `${channelArn}#moderator#${moderatorArn}`,
  ban: (channelArn: string, memberArn: string) => `${channelArn}#ban#${memberArn}`,
  message: (channelArn: string, messageId: string) => `${channelArn}#message#${messageId}`,
};

/** What a Chime page read needs: the fixed page size and the token. */
export function chimePage(nextToken: string | undefined) {
  return { maxResults: CHIME_PAGE_SIZE, nextToken };
}
