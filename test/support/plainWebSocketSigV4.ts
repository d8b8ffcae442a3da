/**
 * The ws:// option for local mode, for clients that would rather not trust the endpoint's certificate:
 * amazon-chime-sdk-js always builds wss://<looked-up host>/connect, so this SigV4 (the constructor's
 * fifth collaborator) signs ws://<plainHost>/connect instead. It is the web client's own class
 * (web/src/realtime/session.ts), so the e2e tests check what the client ships; never in a build for AWS:
 * the real service only speaks wss://.
 */
export { PlainWebSocketSigV4 } from "../../web/src/realtime/session";
