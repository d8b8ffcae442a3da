/**
 * `npm test` beside a running `npm start` in the same checkout. The real npm start (free ports, a state
 * folder of its own) serves alice, with her token from cognito-local, while the packaging of
 * test/deploy and `npm run deploy:check` (deploy/package.ts) runs twice at once, as two test files
 * would: every answer during and after is alice's, and each package holds its own variant. Each build
 * has its folder: sls offline's in the stack's state folder, each packaging a copy of the project.
 *
 * Then what packaging in the shared folder used to do: the stack's bundle goes away under sls offline.
 * The client gets the API's error shape, with no stack trace, message or path of sls offline's, and
 * npm start's output pairs the request id with what failed; with the bundle back, the API answers.
 */
import { existsSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageStack, type Packaged } from "../../deploy/package";
import { cognitoClient, signIn } from "../../local/stack/cognito";
import { signalRecordedGroups } from "../../local/stack/processRecord";
import { projectRoot, stackPaths } from "../../local/stack/settings";
import { readStackFile, type StackFile } from "../../local/stack/stackFile";
import { freeStackPorts, killNpmStart, startNpmStart, waitForReady, type NpmStart } from "../support/npmStart";
import { readZip } from "../support/zip";

let stateDir: string;
let npmStart: NpmStart;
let stack: StackFile;
let aliceToken: string;
let aliceArn: string;

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), "chime-chat-api-beside-"));
  const env: NodeJS.ProcessEnv = { ...process.env, LOCAL_STATE_DIR: stateDir };
  // Jest's NODE_ENV=test would reach the web client's build: Vite defines process.env.NODE_ENV from it,
  // and web/dist would get React's development build.
  delete env.NODE_ENV;
  for (const [name, port] of Object.entries(await freeStackPorts())) env[name] = String(port);
  npmStart = startNpmStart(env);
  await waitForReady(npmStart, 240_000);
  stack = readStackFile(stackPaths(stateDir).stackFile);
  const alice = stack.users.find((user) => user.username === "alice@example.com");
  if (!alice) throw new Error("stack.json has no alice");
  aliceArn = alice.userArn;
  const cognito = cognitoClient(stack.cognitoEndpoint, stack.region);
  try {
    aliceToken = (await signIn(cognito, stack.userPoolClientId, alice.username, alice.password)).idToken;
  } finally {
    cognito.destroy();
  }
}, 260_000);

afterAll(async () => {
  if (npmStart) await killNpmStart(npmStart);
  if (stateDir) {
    signalRecordedGroups(stackPaths(stateDir).processesFile, "SIGKILL");
    rmSync(stateDir, { recursive: true, force: true });
  }
});

interface Answer {
  status: number;
  requestId: string | null;
  body: { data?: { me?: { arn?: string } }; errors?: unknown };
  text: string;
}

async function me(): Promise<Answer> {
  const response = await fetch(stack.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${aliceToken}` },
    body: JSON.stringify({ query: "{ me { arn } }" }),
  });
  const text = await response.text();
  return {
    status: response.status,
    requestId: response.headers.get("x-request-id"),
    body: JSON.parse(text) as Answer["body"],
    text,
  };
}

/** What alice's `{ me { arn } }` answers when the API serves it. */
const served = () => ({ status: 200, body: { data: { me: { arn: aliceArn } } } });

test("two packagings at once beside it: the API answers alice all along, and each package is its own", async () => {
  const answers: Answer[] = [];
  let packaging = true;
  const querying = (async () => {
    while (packaging) {
      answers.push(await me());
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  let packages: Packaged[] = [];
  try {
    packages = await Promise.all([
      packageStack(["--stage", "dev", "--param=retain=false"]),
      packageStack(["--stage", "prod", "--param=corsOrigins=https://chat.example.com", "--param=tracing=true"]),
    ]);
  } finally {
    packaging = false;
    await querying;
  }
  try {
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) expect(answer).toMatchObject(served());
    expect(await me()).toMatchObject(served());
    // Each holds its variant's handler: neither took the other's files.
    const [dev, traced] = packages.map((packaged) => ({
      handler: packaged.template.Resources.GraphqlLambdaFunction?.Properties?.Handler,
      files: readZip(join(packaged.dir, "graphql.zip"))
        .map((entry) => entry.name)
        .sort(),
    }));
    expect(dev).toEqual({
      handler: "handlers/graphql.handler",
      files: ["handlers/graphql.js", "handlers/graphql.js.map"],
    });
    expect(traced).toEqual({
      handler: "handlers/graphqlTraced.handler",
      files: ["handlers/graphqlTraced.js", "handlers/graphqlTraced.js.map"],
    });
  } finally {
    for (const packaged of packages) rmSync(packaged.dir, { recursive: true, force: true });
  }
}, 240_000);

test("the API's bundle gone from under sls offline: the API's error shape, no stack trace or path; back, it answers", async () => {
  const bundle = join(stackPaths(stateDir).apiBuildDir, ".build", "handlers", "graphql.js");
  expect(existsSync(bundle)).toBe(true);
  renameSync(bundle, `${bundle}.away`);
  let failed: Answer;
  try {
    failed = await me();
  } finally {
    renameSync(`${bundle}.away`, bundle);
  }
  expect(failed.status).toBe(500);
  const { requestId } = failed;
  expect(failed.body).toEqual({
    errors: [{ message: "Internal server error.", extensions: { code: "INTERNAL_SERVER_ERROR", requestId } }],
  });
  for (const leak of ["stackTrace", "Runtime.", "node_modules", projectRoot, stateDir]) {
    expect(failed.text).not.toContain(leak);
  }
  // The developer sees which request failed, and why (sls offline's own lines say more).
  const logged = new RegExp(
    `\\[api\\] request ${requestId} failed: sls offline answered HTTP 200 itself, not the API: \\S`,
  );
  const deadline = Date.now() + 10_000;
  while (!logged.test(npmStart.output()) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  expect(npmStart.output()).toMatch(logged);
  expect(await me()).toMatchObject(served());
});
