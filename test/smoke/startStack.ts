/**
 * Smoke test of exactly the developer's path (`npm run test:smoke`, run by CI after `npm test`):
 * the real `npm start` in a temporary state folder on free non-default ports, `npm run token`, and
 * plain HTTP to the API (create a channel, send and list messages), the web client's page, the trust
 * boundaries (trustBoundaries.ts: web origins, rebinding Hosts, the admin key, a chosen sub, the invoke
 * socket, request ids, the concurrency bound, no secret in the output); Ctrl-C (SIGINT to the process
 * group, as a terminal sends it) must end it with exit code 0 and free every port; a second start
 * must find the same pool, users, passwords, app instance and messages; SIGTERM stops it too. A
 * third start is stopped by SIGHUP (a closed terminal: npm and tsx die of it at once, the launcher
 * must still stop every part), a fourth by SIGKILL to the launcher alone (its children must stop by
 * themselves). A fifth start turns moderation on (LOCAL_MODERATION=on) and runs the moderation end to
 * end case (moderation.ts) through sls offline's processor. Whatever fails, the `finally` kills every
 * process group the launcher recorded.
 *
 * Each phase is timed and printed (the goal: ready well under a minute); times are not asserted,
 * the machines are shared. Set SMOKE_KEEP=1 to keep the state folder for a look afterwards.
 */
import { ChimeSDKMessagingClient } from "@aws-sdk/client-chime-sdk-messaging";
import { execFile } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { isPortFree } from "../../local/stack/ports";
import { exists, readProcessRecord, signalRecordedGroups } from "../../local/stack/processRecord";
import { projectRoot, stackPaths } from "../../local/stack/settings";
import type { StackFile } from "../../local/stack/stackFile";
import { sendMessage } from "../support/channels";
import { signedRequest } from "../support/signedHttp";
import {
  freeStackPorts,
  killNpmStart,
  signalNpmStart,
  startNpmStart,
  waitForReady as waitForBanner,
  type NpmStart,
} from "../support/npmStart";
import { checkModeration, LISTED_WORD, ModerationFailure } from "./moderation";
import {
  checkConcurrencyBound,
  checkNoSecretsShown,
  checkTrustBoundaries,
  TrustBoundaryFailure,
} from "./trustBoundaries";

const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
// A hang guard only: far above any expected time.
const START_TIMEOUT_MS = 240_000;

class SmokeFailure extends Error {}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new SmokeFailure(message);
}

type Stack = NpmStart;

const timings: [string, number][] = [];
async function timed<T>(name: string, step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await step();
  const seconds = (performance.now() - started) / 1000;
  timings.push([name, seconds]);
  console.log(`  ${name}: ${seconds.toFixed(1)} s`);
  return result;
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SmokeFailure(`${what} took more than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const startStack = startNpmStart;

async function waitForReady(stack: Stack): Promise<void> {
  await waitForBanner(stack, START_TIMEOUT_MS).catch((error: Error) => {
    throw new SmokeFailure(error.message);
  });
}

async function stopStack(stack: Stack, signal: NodeJS.Signals): Promise<void> {
  const { code, signal: killedBy } = await signalNpmStart(stack, signal);
  check(
    code === 0 && killedBy === null,
    `npm start after ${signal}: exit ${code} ${killedBy ?? ""}\n${stack.output()}`,
  );
}

async function token(env: NodeJS.ProcessEnv, username: string): Promise<string> {
  const { stdout } = await run(npm, ["run", "-s", "token", "--", username], { cwd: projectRoot, env });
  const value = stdout.trim();
  check(
    /^[\w-]+\.[\w-]+\.[\w-]+$/.test(value),
    `npm run token printed something other than a JWT: ${value.slice(0, 80)}`,
  );
  return value;
}

interface GraphQLBody<Data> {
  data?: Data;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function gql<Data>(url: string, idToken: string, query: string, variables: object = {}): Promise<Data> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${idToken}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLBody<Data>;
  check(response.status === 200 && !body.errors && body.data, `GraphQL ${response.status}: ${JSON.stringify(body)}`);
  return body.data;
}

const LIST_MESSAGES = `query ($channelArn: ID!) {
  messages(channelArn: $channelArn, order: OLDEST_FIRST) { edges { node { messageId content sender { arn } } } }
}`;

async function listContents(url: string, idToken: string, channelArn: string): Promise<string[]> {
  const data = await gql<{ messages: { edges: { node: { content: string } }[] } }>(url, idToken, LIST_MESSAGES, {
    channelArn,
  });
  return data.messages.edges.map((edge) => edge.node.content);
}

/** The status of a GET with another Host header (fetch sends the URL's own). */
function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

/** Every port of the stack is free, at once or (`waitMs`) within that time. */
async function portsFree(stack: StackFile, waitMs = 0): Promise<void> {
  const urls = [stack.graphqlUrl, stack.awsEndpoint, stack.awsTlsEndpoint, stack.cognitoEndpoint, stack.webUrl];
  const ports = urls.map((url) => Number(new URL(url).port));
  const deadline = Date.now() + waitMs;
  for (;;) {
    const free = await Promise.all(ports.map((port) => isPortFree("127.0.0.1", port)));
    if (free.every(Boolean)) return;
    check(
      Date.now() < deadline,
      `ports still taken after the stop: ${ports.filter((_, i) => !free[i]).join(", ")} (a child was left running)`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main(): Promise<void> {
  const stateDir = mkdtempSync(join(tmpdir(), "chime-chat-api-smoke-"));
  // Readable by others at first: the start must make it private (it holds the local keys).
  chmodSync(stateDir, 0o755);
  const ports = await freeStackPorts();
  const env: NodeJS.ProcessEnv = { ...process.env, LOCAL_STATE_DIR: stateDir };
  for (const [name, port] of Object.entries(ports)) env[name] = String(port);
  console.log(`Smoke test of npm start: state in ${stateDir}, ports ${JSON.stringify(ports)}`);

  let current: Stack | undefined;
  try {
    // First start, on an empty state folder.
    current = startStack(env);
    const first = current;
    await timed("first start, to the ready banner", () => waitForReady(first));
    const stack = JSON.parse(readFileSync(join(stateDir, "stack.json"), "utf8")) as StackFile;
    check((statSync(stateDir).mode & 0o777) === 0o700, "the state folder is not private (0700)");
    for (const key of ["region", "graphqlUrl", "awsEndpoint", "cognitoEndpoint", "userPoolId", "userPoolClientId"]) {
      check(typeof stack[key as keyof StackFile] === "string", `stack.json has no ${key}`);
    }
    check(stack.backendUserArn === `${stack.appInstanceArn}/user/backend_worker`, "stack.json: backendUserArn");
    check(stack.credentials.developer.accessKeyId && stack.credentials.server.accessKeyId, "stack.json: credentials");
    check(
      stack.users.map((user) => user.username).join() === "alice@example.com,bob@example.com,carol@example.com",
      "stack.json: users",
    );

    const alice = await timed("npm run token", () => token(env, "alice@example.com"));
    const url = stack.graphqlUrl;
    const channelArn = await timed("createChannel, 2 x sendMessage, messages", async () => {
      const created = await gql<{ createChannel: { arn: string } }>(
        url,
        alice,
        `mutation ($input: CreateChannelInput!) { createChannel(input: $input) { arn name } }`,
        { input: { name: "smoke", clientRequestToken: "smoke-channel" } },
      );
      const arn = created.createChannel.arn;
      for (const content of ["hello from the smoke test", "second message"]) {
        await gql(url, alice, `mutation ($input: SendMessageInput!) { sendMessage(input: $input) { messageId } }`, {
          input: { channelArn: arn, content },
        });
      }
      const contents = await listContents(url, alice, arn);
      check(contents.join("|") === "hello from the smoke test|second message", `messages: ${contents.join("|")}`);
      return arn;
    });

    // The bootstrap made bob a member of the welcome channel, with its first message.
    const bob = await token(env, "bob@example.com");
    const welcome = await listContents(url, bob, stack.welcomeChannelArn);
    check(welcome.length === 1 && welcome[0].startsWith("Welcome"), `welcome channel: ${welcome.join("|")}`);

    // The web client: the page, and its config.json naming this stack and the password flow (cognito-local
    // has no SRP; a config.json without authFlow means SRP); a foreign Host is refused.
    await timed("the web client's page and config.json", async () => {
      const page = await fetch(stack.webUrl);
      check(page.status === 200 && (await page.text()).includes('<div id="root">'), `web client: HTTP ${page.status}`);
      const config = (await (await fetch(new URL("config.json", stack.webUrl))).json()) as {
        graphqlUrl?: string;
        cognito?: { authFlow?: string };
      };
      check(
        config.graphqlUrl === stack.graphqlUrl && config.cognito?.authFlow === "USER_PASSWORD_AUTH",
        `web client's config.json: ${JSON.stringify(config)}`,
      );
      const rebound = await statusWithHost(stack.webUrl, `chat.example.com:${ports.WEB_PORT}`);
      check(rebound === 421, `web client with a foreign Host: HTTP ${rebound}`);
    });

    // The credentials flow under sls offline: STS through the API, keys that act as alice only.
    await timed("credentials, then the SDK as alice and as bob", async () => {
      const { credentials } = await gql<{
        credentials: {
          accessKeyId: string;
          secretAccessKey: string;
          sessionToken: string;
          userArn: string;
          messagingSessionEndpoint: string;
        };
      }>(
        url,
        alice,
        "mutation { credentials { accessKeyId secretAccessKey sessionToken userArn messagingSessionEndpoint } }",
      );
      const aliceUser = stack.users.find((user) => user.username === "alice@example.com");
      check(credentials.userArn === aliceUser?.userArn, `credentials for ${credentials.userArn}`);
      check(
        credentials.messagingSessionEndpoint === stack.messagingSessionEndpoint,
        `messaging session endpoint ${credentials.messagingSessionEndpoint}`,
      );
      const chime = new ChimeSDKMessagingClient({ endpoint: stack.awsEndpoint, region: stack.region, credentials });
      try {
        const send = (bearer: string) => sendMessage(chime, channelArn, bearer, "sent with vended credentials");
        await send(credentials.userArn);
        const bobArn = stack.users.find((user) => user.username === "bob@example.com")?.userArn as string;
        const refused = await send(bobArn).then(
          () => "accepted",
          (error: Error) => error.name,
        );
        check(refused === "AccessDeniedException", `alice's credentials acting as bob: ${refused}`);
      } finally {
        chime.destroy();
      }
    });

    // Mobile push: bob's device, alice's message in the welcome channel, bob's push in the outbox; the
    // outbox answers the developer key only.
    await timed("registerDevice, sendMessage, the push outbox", async () => {
      await gql(url, bob, `mutation { registerDevice(input: { platform: FCM, deviceToken: "smoke-bob" }) { id } }`);
      const sent = await gql<{ sendMessage: { messageId: string } }>(
        url,
        alice,
        `mutation ($input: SendMessageInput!) { sendMessage(input: $input) { messageId } }`,
        { input: { channelArn: stack.welcomeChannelArn, content: "a push for bob" } },
      );
      const bobArn = stack.users.find((user) => user.username === "bob@example.com")?.userArn as string;
      const outbox = new URL(stack.pushOutboxUrl);
      const read = await signedRequest({
        port: Number(outbox.port),
        method: "GET",
        path: outbox.pathname,
        query: { user: bobArn },
        credentials: stack.credentials.developer,
        region: stack.region,
      });
      const pushes = (JSON.parse(read.body) as { pushes: { messageId: string; deviceToken: string }[] }).pushes;
      check(
        pushes.some((push) => push.messageId === sent.sendMessage.messageId && push.deviceToken === "smoke-bob"),
        `bob's push in the outbox: HTTP ${read.status} ${read.body.slice(0, 300)}`,
      );
      const unsigned = await fetch(stack.pushOutboxUrl);
      check(unsigned.status === 403, `the outbox without the developer key: HTTP ${unsigned.status}`);
    });

    // The trust boundaries (docs/trust-boundaries.md): attacks on the local stack, each refused.
    await timed("trust boundaries (cognito-local, API, endpoint, invoke socket, request ids)", () =>
      checkTrustBoundaries(stack, stateDir, alice),
    );
    const burst = await timed("a burst beyond the API's concurrency bound", () => checkConcurrencyBound(stack, alice));
    console.log(`    ${burst}`);

    // An unknown user is refused with a clear message.
    const unknown = await run(npm, ["run", "-s", "token", "--", "dave@example.com"], { cwd: projectRoot, env }).then(
      () => "",
      (error: { stderr?: string }) => error.stderr ?? "",
    );
    check(unknown.includes('Unknown user "dave@example.com"'), `npm run token for an unknown user: ${unknown}`);

    await timed("Ctrl-C (SIGINT) to exit", () => stopStack(first, "SIGINT"));
    check(!first.output().includes(alice), "a token was printed in the stack's output");
    checkNoSecretsShown(stack, stateDir, first.output());
    await portsFree(stack);

    // Second start: the same data, nothing new created.
    current = startStack(env);
    const second = current;
    await timed("second start, to the ready banner", () => waitForReady(second));
    check(second.output().includes("created nothing"), `the second start created something:\n${second.output()}`);
    const again = JSON.parse(readFileSync(join(stateDir, "stack.json"), "utf8")) as StackFile;
    for (const key of [
      "userPoolId",
      "userPoolClientId",
      "appInstanceArn",
      "welcomeChannelArn",
      "pushAppArn",
    ] as const) {
      check(again[key] === stack[key], `${key} changed across restarts: ${stack[key]} -> ${again[key]}`);
    }
    check(JSON.stringify(again.users) === JSON.stringify(stack.users), "users or passwords changed across restarts");
    const aliceAgain = await token(env, "alice");
    const kept = await timed("messages after the restart", () => listContents(url, aliceAgain, channelArn));
    check(
      kept.join("|") === "hello from the smoke test|second message|sent with vended credentials",
      `messages after restart: ${kept.join("|")}`,
    );
    await timed("SIGTERM to exit", () => stopStack(second, "SIGTERM"));
    await portsFree(again);

    // Third start, ended by SIGHUP to the group, as when the terminal closes.
    const processesFile = stackPaths(stateDir).processesFile;
    current = startStack(env);
    const third = current;
    await timed("third start, to the ready banner", () => waitForReady(third));
    await timed("SIGHUP until the launcher is gone", async () => {
      process.kill(-(third.process.pid as number), "SIGHUP");
      await within(third.closed, 30_000, "the stop after SIGHUP");
    });
    check(third.output().includes("SIGHUP: stopping the local stack"), `after SIGHUP:\n${third.output()}`);
    await portsFree(again);
    check(readProcessRecord(processesFile) === undefined, "processes.json left after a complete stop");

    // Fourth start, its launcher killed outright: its children must stop by themselves.
    current = startStack(env);
    const fourth = current;
    await timed("fourth start, to the ready banner", () => waitForReady(fourth));
    const launcherPid = (JSON.parse(readFileSync(join(stateDir, "stack.json"), "utf8")) as StackFile).pid;
    const children = readProcessRecord(processesFile)?.children ?? [];
    check(children.length === 2, `processes.json: ${JSON.stringify(children)}`);
    await timed("SIGKILL to the launcher until its children are gone", async () => {
      process.kill(launcherPid, "SIGKILL");
      await within(fourth.closed, 30_000, "npm's exit after its launcher's SIGKILL");
      await portsFree(again, 15_000);
      // Ports close before the processes have quite exited.
      const deadline = Date.now() + 10_000;
      let left = children;
      while ((left = left.filter((child) => exists(-child.pid))).length > 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      check(left.length === 0, `left running after the launcher's SIGKILL: ${JSON.stringify(left)}`);
    });

    // Fifth start, with moderation: the flow's processor is serverless.yml's function under sls offline.
    const moderated = { ...env, LOCAL_MODERATION: "on", MODERATION_WORDS: LISTED_WORD };
    current = startStack(moderated);
    const fifth = current;
    await timed("fifth start, with moderation, to the ready banner", () => waitForReady(fifth));
    check(
      fifth.output().includes("the moderation channel flow"),
      `the moderation flow was not made:\n${fifth.output()}`,
    );
    const withModeration = JSON.parse(readFileSync(join(stateDir, "stack.json"), "utf8")) as StackFile;
    const seen = await timed("moderation end to end (sls offline's processor, DefaultMessagingSessions)", () =>
      checkModeration(withModeration, (username) => token(moderated, username)),
    );
    console.log(`    ${seen.join("; ")}`);
    await timed("Ctrl-C (SIGINT) to exit", () => stopStack(fifth, "SIGINT"));
    await portsFree(withModeration);
    current = undefined;

    console.log(`Smoke test passed (${timings.map(([name, s]) => `${name} ${s.toFixed(1)} s`).join("; ")}).`);
  } finally {
    // Only after a failure: npm, tsx and the launcher (one group) stopped as Ctrl-C would, then killed.
    if (current) {
      console.error(current.output());
      await killNpmStart(current);
    }
    // A launcher that failed to stop its parts (or was stopped before it could) leaks nothing here.
    const killed = signalRecordedGroups(stackPaths(stateDir).processesFile, "SIGKILL");
    if (killed.length > 0) console.error(`Killed what the launcher left running: ${JSON.stringify(killed)}`);
    if (process.env.SMOKE_KEEP !== "1") rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(
    error instanceof SmokeFailure || error instanceof TrustBoundaryFailure || error instanceof ModerationFailure
      ? `Smoke test FAILED: ${error.message}`
      : error,
  );
  process.exit(1);
});
