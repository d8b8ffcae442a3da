/**
 * The reference of `npm run bench:cold-start`: the smallest Lambda that uses Chime, one
 * ChimeSDKMessagingClient created at load (as the API creates its clients), answering a constant.
 */
import { ChimeSDKMessagingClient } from "@aws-sdk/client-chime-sdk-messaging";

const client = new ChimeSDKMessagingClient({});

export const handler = () => Promise.resolve({ statusCode: 200, body: client.config.serviceId });
