/**
 * `npm run token -- <username> [--access]`: prints a fresh ID token (or access token) of a demo user of
 * the running stack, and nothing else on stdout, so `TOKEN=$(npm run -s token -- alice@example.com)`
 * works. Reads `<LOCAL_STATE_DIR>/stack.json` and signs in with USER_PASSWORD_AUTH against cognito-local.
 */
import { cognitoClient, signIn } from "./cognito";
import { readSettings, stackPaths } from "./settings";
import { readStackFile, StackFileError, type StackUser } from "./stackFile";

const USAGE = "Usage: npm run token -- <username> [--access]   (e.g. npm run token -- alice@example.com)";

class TokenError extends Error {}

function findUser(users: StackUser[], name: string): StackUser {
  // `alice` is enough for alice@example.com.
  const user =
    users.find((candidate) => candidate.username === name) ??
    users.find((candidate) => candidate.username.split("@")[0] === name);
  if (!user) {
    throw new TokenError(`Unknown user "${name}". The demo users are: ${users.map((u) => u.username).join(", ")}.`);
  }
  return user;
}

async function checkRunning(cognitoEndpoint: string): Promise<void> {
  try {
    await fetch(cognitoEndpoint, { signal: AbortSignal.timeout(5000) });
  } catch {
    throw new TokenError(
      `The local stack is not running (cognito-local does not answer at ${cognitoEndpoint}). Start it with \`npm start\`.`,
    );
  }
}

async function main(args: string[]): Promise<void> {
  // The SDK's notice that its 2027 releases need Node 22 says nothing about this call (see start.ts).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const access = args.includes("--access");
  const names = args.filter((arg) => !arg.startsWith("--"));
  if (names.length !== 1 || args.some((arg) => arg.startsWith("--") && arg !== "--access")) {
    throw new TokenError(USAGE);
  }
  const stackFile = stackPaths(readSettings().stateDir).stackFile;
  const stack = readStackFile(stackFile);
  const user = findUser(stack.users, names[0]);
  await checkRunning(stack.cognitoEndpoint);
  const client = cognitoClient(stack.cognitoEndpoint, stack.region);
  try {
    const tokens = await signIn(client, stack.userPoolClientId, user.username, user.password);
    process.stdout.write(`${access ? tokens.accessToken : tokens.idToken}\n`);
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    const refused = [
      "ResourceNotFoundException",
      "NotAuthorizedException",
      "InvalidPasswordException",
      "UserNotFoundException",
    ];
    if (refused.includes(name)) {
      throw new TokenError(
        `cognito-local refused to sign in ${user.username} (${(error as Error).message}): ${stackFile} does not match the running stack. Restart it with \`npm start\`.`,
      );
    }
    throw error;
  } finally {
    client.destroy();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(
    error instanceof TokenError || error instanceof StackFileError
      ? error.message
      : `npm run token failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
