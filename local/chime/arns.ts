/** ARNs of Chime SDK resources, in the forms the developer guide documents. */
import { ForbiddenError } from "./errors";
import type { EndpointConfig } from "./services";

export function appInstanceArn(config: EndpointConfig, appInstanceId: string): string {
  return `arn:aws:chime:${config.region}:${config.accountId}:app-instance/${appInstanceId}`;
}

export function appInstanceUserArn(appInstance: string, userId: string): string {
  return `${appInstance}/user/${userId}`;
}

export function channelArn(appInstance: string, channelId: string): string {
  return `${appInstance}/channel/${channelId}`;
}

/** `<appInstanceArn>/channel-flow/<id>` (the Service Authorization Reference's channel-flow resource). */
export function channelFlowArn(appInstance: string, flowId: string): string {
  return `${appInstance}/channel-flow/${flowId}`;
}

/** The app instance an app-instance-scoped ARN (user, channel, flow) belongs to, if it has that form. */
export function appInstanceOf(arn: string): string | undefined {
  const match = /^(arn:aws:chime:[^:]*:\d*:app-instance\/[^/]+)\/(user|channel|bot|channel-flow)\/[^/]+$/.exec(arn);
  return match?.[1];
}

/** ARN members of the input that name an unknown user give 403, as the service does. */
export function invalidUserArn(arn: string): ForbiddenError {
  return new ForbiddenError(`An invalid app instance user ARN was supplied for the input parameter: ${arn}`);
}
