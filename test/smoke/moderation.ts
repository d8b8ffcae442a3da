/**
 * The smoke test's moderation phase: `npm start` with LOCAL_MODERATION=on (a start of its own, on the
 * smoke test's state folder), then the end-to-end case (test/support/moderationScenario.ts)
 * against it. This is the path the jest tests cannot take: the endpoint invokes the processor as the
 * function of serverless.yml, through sls offline's Lambda invoke socket, and the processor calls back
 * signed with the local moderation role's key.
 */
import { readFileSync } from "node:fs";
import type { StackFile } from "../../local/stack/stackFile";
import { runModerationScenario } from "../support/moderationScenario";
import { installWebSocketGlobals } from "../support/webSocketGlobals";

/** The word the phase's start lists (MODERATION_WORDS). */
export const LISTED_WORD = "fiddlesticks";

export class ModerationFailure extends Error {}

export async function checkModeration(
  stack: StackFile,
  token: (username: string) => Promise<string>,
): Promise<string[]> {
  if (!stack.channelFlowArn?.startsWith(`${stack.appInstanceArn}/channel-flow/`)) {
    throw new ModerationFailure(`stack.json names no moderation flow: ${stack.channelFlowArn}`);
  }
  const user = (username: string) => stack.users.find((entry) => entry.username === username)?.userArn as string;
  const ca = readFileSync(stack.tlsCertificatePath, "utf8");
  const globals = installWebSocketGlobals({ ca });
  try {
    return await runModerationScenario({
      graphql: async (idToken, query, variables) => {
        const response = await fetch(stack.graphqlUrl, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${idToken}` },
          body: JSON.stringify({ query, variables }),
        });
        return (await response.json()) as { data?: unknown };
      },
      awsTlsEndpoint: stack.awsTlsEndpoint,
      ca,
      alice: { token: await token("alice@example.com"), arn: user("alice@example.com") },
      bob: { token: await token("bob@example.com"), arn: user("bob@example.com") },
      listedWord: LISTED_WORD,
    });
  } catch (error) {
    throw new ModerationFailure((error as Error).message);
  } finally {
    globals.restore();
  }
}
