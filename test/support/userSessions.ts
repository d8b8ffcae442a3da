/**
 * Messaging sessions of an app instance's users, each signed with the user's own vended credentials
 * (the role policies of policies/ name the app instance), for the tests of the messaging WebSocket.
 */
import type { AppFixture, TestEndpoint } from "./localEndpoint";
import { presignConnectUrl, TestSession } from "./messagingSession";
import { assumeUserRole, type SessionCredentials } from "./sts";

export interface UserSessions {
  /** Each user's vended credentials, by user id (from before the first test). */
  credentials: Record<string, SessionCredentials>;
  /** Opens a session as `user` and waits until it is established; it is closed after the test. */
  connect: (user: string) => Promise<TestSession>;
  /** The sessions to close after the current test (a test that opens one itself adds it here). */
  opened: TestSession[];
}

/** Registers the jest hooks: credentials before the file's tests, the sessions closed after each test. */
export function useUserSessions(t: TestEndpoint, app: AppFixture, userIds: string[]): UserSessions {
  const credentials: Record<string, SessionCredentials> = {};
  const opened: TestSession[] = [];
  beforeAll(async () => {
    await t.usePoliciesFor(app.appInstanceArn);
    for (const user of userIds) credentials[user] = await assumeUserRole(t, user);
  });
  afterEach(() => {
    for (const session of opened.splice(0)) session.close();
  });
  const connect = async (user: string): Promise<TestSession> => {
    const session = await TestSession.open(
      await presignConnectUrl(t.endpoint.port, credentials[user], app.users[user]),
    );
    opened.push(session);
    await session.waitFor("SESSION_ESTABLISHED");
    return session;
  };
  return { credentials, connect, opened };
}
