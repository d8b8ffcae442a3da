/**
 * The local account's push application for `npm start`: one Pinpoint-like app with every channel
 * (APNs production and sandbox, their VoIP channels, FCM), made on the first start and found by name
 * after, and granted to the roles (policies/*-push.json), as a deployment with push does. The API gets
 * its ARN (CHIME_PUSH_APP_ARN); pushes land in the outbox (stack.json's pushOutboxUrl).
 */
import { createPushApp, PUSH_CHANNELS } from "../chime/push/pushApps";
import type { LocalEndpoint } from "../endpoint/localEndpoint";

export const PUSH_APP_NAME = "chime-chat-api-local";

export function ensureLocalPushApp(endpoint: Pick<LocalEndpoint, "services" | "account">): {
  arn: string;
  created: boolean;
} {
  const found = endpoint.services.store.listPushApps().find((app) => app.name === PUSH_APP_NAME);
  const app = found ?? createPushApp(endpoint.services, PUSH_APP_NAME, PUSH_CHANNELS);
  if (endpoint.account.pushAppArn !== app.arn) endpoint.account.setPushAppArn(app.arn);
  return { arn: app.arn, created: found === undefined };
}
