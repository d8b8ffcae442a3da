/**
 * The web client in Debian's chromium against the real `npm start`: alice, bob and carol each in a
 * browser context of their own (their own storage and socket), as people use it.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../local/stack/settings";
import { CREDENTIALS_LIFETIME_S } from "./globalSetup";
import { ChatPage, demoUser, readStack } from "./pages";

const stack = readStack();
const [alice, bob, carol] = (["alice", "bob", "carol"] as const).map((name) => demoUser(stack, name));
const open: ChatPage[] = [];

test.afterEach(async () => {
  for (const chat of open.splice(0)) await chat.close();
});

async function signedIn(
  browser: Parameters<typeof ChatPage.open>[0],
  user = alice,
  beforeSignIn?: (page: Page) => void,
): Promise<ChatPage> {
  const chat = await ChatPage.open(browser, stack, user, beforeSignIn);
  open.push(chat);
  return chat;
}

/** axe's serious and critical findings on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
    );
}

/** A short wait for anything that would arrive twice (a late socket event or catch-up), then the count. */
async function expectOnce(chat: ChatPage, text: string): Promise<void> {
  await expect(chat.message(text)).toHaveCount(1);
  await chat.page.waitForTimeout(1_000);
  await expect(chat.message(text)).toHaveCount(1);
}

test("the sign-in and chat screens have no serious or critical accessibility violations", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(stack.webUrl);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByLabel("Email").fill(alice.username);
  await page.getByLabel("Password").fill("not her password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText(/Incorrect username or password/);
  expect(await seriousViolations(page)).toEqual([]);
  await context.close();

  const chat = await signedIn(browser);
  await chat.openChannel("welcome");
  await expect(chat.page.getByRole("complementary", { name: "Members" }).getByText(bob.username)).toBeVisible();
  expect(await seriousViolations(chat.page)).toEqual([]);
});

test("bob's message appears in alice's open channel live, once; her unread count rises in another channel and clears when she opens it", async ({
  browser,
}) => {
  const aliceChat = await signedIn(browser, alice);
  await aliceChat.createChannel("lobby");
  await aliceChat.createChannel("news");
  await aliceChat.openChannel("lobby");

  const bobChat = await signedIn(browser, bob);
  await bobChat.joinPublicChannel("lobby");
  await bobChat.joinPublicChannel("news");
  await bobChat.openChannel("lobby");
  await bobChat.send("hello alice");
  await expectOnce(aliceChat, "hello alice");

  await bobChat.openChannel("news");
  await bobChat.send("first news");
  await bobChat.send("second news");
  await expect(aliceChat.unreadBadge("news")).toHaveText("2");
  await expect(aliceChat.unreadBadge("news")).toHaveAccessibleName("2 unread");
  await aliceChat.openChannel("news");
  await expect(aliceChat.unreadBadge("news")).toHaveCount(0);
  await expect.poll(() => aliceChat.contents()).toEqual(["first news", "second news"]);
  // Read for the API too: after a reload (counts from myChannels), nothing is unread.
  await aliceChat.openChannel("lobby");
  await aliceChat.page.reload();
  await aliceChat.expectLive();
  await expect(aliceChat.channelButton("news")).toBeVisible();
  await expect(aliceChat.unreadBadge("news")).toHaveCount(0);
});

test("typing shows and clears; an edit and a redaction reach the other side live", async ({ browser }) => {
  const aliceChat = await signedIn(browser, alice);
  await aliceChat.createChannel("typing");
  const bobChat = await signedIn(browser, bob);
  await bobChat.joinPublicChannel("typing");

  await bobChat.composer.pressSequentially("I am wri", { delay: 30 });
  await expect(aliceChat.typing).toHaveText(`${bob.username} is typing…`);
  // No further keystrokes: it clears by itself (6 s after the last signal).
  await expect(aliceChat.typing).toHaveText("", { timeout: 12_000 });
  await bobChat.composer.pressSequentially("ting", { delay: 30 });
  await expect(aliceChat.typing).toHaveText(`${bob.username} is typing…`);
  await bobChat.composer.press("Enter");
  // His message clears it at once.
  await expect(aliceChat.message("I am writing")).toHaveCount(1);
  await expect(aliceChat.typing).toHaveText("", { timeout: 2_000 });
  // A user's own typing is never shown to them.
  await expect(bobChat.typing).toHaveText("");

  const mine = bobChat.message("I am writing");
  await mine.getByRole("button", { name: "Edit" }).click();
  await bobChat.page.getByLabel("Edit your message").fill("I have written");
  await bobChat.page.getByRole("button", { name: "Save" }).click();
  const edited = aliceChat.message("I have written");
  await expect(edited).toHaveCount(1);
  await expect(edited.locator(".edited")).toHaveText(" (edited)");
  await expect(aliceChat.message("I am writing")).toHaveCount(0);

  await bobChat.message("I have written").getByRole("button", { name: "Redact" }).click();
  await expect(aliceChat.message("I have written")).toHaveCount(0);
  await expect(aliceChat.page.locator("li.message .redacted")).toHaveText(["Message redacted"]);
});

test("alice goes offline, bob sends 5 messages, alice comes back: all 5 shown once, in order", async ({ browser }) => {
  const aliceChat = await signedIn(browser, alice);
  await aliceChat.createChannel("offline");
  const bobChat = await signedIn(browser, bob);
  await bobChat.joinPublicChannel("offline");
  await bobChat.send("before");
  await expectOnce(aliceChat, "before");

  await aliceChat.context.setOffline(true);
  await expect(aliceChat.connection).toHaveAttribute("data-status", "offline");
  const sent = ["one", "two", "three", "four", "five"];
  for (const text of sent) await bobChat.send(text);
  await aliceChat.page.waitForTimeout(500);
  expect(await aliceChat.contents()).toEqual(["before"]);

  await aliceChat.context.setOffline(false);
  await aliceChat.expectLive();
  for (const text of sent) await expect(aliceChat.message(text)).toHaveCount(1);
  await aliceChat.page.waitForTimeout(1_000);
  await expect.poll(() => aliceChat.contents()).toEqual(["before", ...sent]);
  // And live again afterwards.
  await bobChat.send("after");
  await expectOnce(aliceChat, "after");
  await expect(aliceChat.errors).toHaveCount(0);
});

test(`short-lived credentials (${CREDENTIALS_LIFETIME_S} s) are refreshed without the user noticing`, async ({
  browser,
}) => {
  // When each session of credentials reached the page, and when it ends (the API's `expiration`).
  const sessions: { at: number; expiration: number }[] = [];
  const aliceChat = await signedIn(browser, alice, (page) =>
    page.on("response", async (response) => {
      if (!response.request().postData()?.includes("RealtimeCredentials")) return;
      const body = (await response.json()) as { data: { credentials: { expiration: string } } };
      sessions.push({ at: Date.now(), expiration: Date.parse(body.data.credentials.expiration) });
    }),
  );
  await aliceChat.recordStates();
  await aliceChat.createChannel("refresh");
  const bobChat = await signedIn(browser, bob);
  await bobChat.joinPublicChannel("refresh");

  // Past the first session's end: each new one came before the one before it ended.
  await aliceChat.page.waitForTimeout(Math.max(0, sessions[0].expiration - Date.now()) + 3_000);
  expect(sessions.length).toBeGreaterThanOrEqual(2);
  for (let n = 1; n < sessions.length; n++) {
    expect(sessions[n].at).toBeLessThan(sessions[n - 1].expiration);
    expect(sessions[n].expiration).toBeGreaterThan(sessions[n - 1].expiration);
  }
  // A new connection now needs the new credentials (the first ones have expired): it goes live.
  await aliceChat.context.setOffline(true);
  await expect(aliceChat.connection).toHaveAttribute("data-status", "offline");
  await aliceChat.context.setOffline(false);
  await aliceChat.expectLive();
  await bobChat.send("still live");
  await expectOnce(aliceChat, "still live");
  // Nothing showed: no error, never a failed connection.
  await expect(aliceChat.errors).toHaveCount(0);
  expect(await aliceChat.states()).not.toContain("failed");
});

test("carol, not a member of a private channel, never sees it", async ({ browser }) => {
  const aliceChat = await signedIn(browser, alice);
  await aliceChat.openChannel("welcome");
  await expect(aliceChat.page.getByRole("complementary", { name: "Members" }).getByText(bob.username)).toBeVisible();
  await aliceChat.createChannel("town square");
  await aliceChat.createChannel("secret plans", { privacy: "Private", members: [bob.username] });
  await aliceChat.send("for bob only");

  // Bob, signing in now, sees it (the test waits for no membership event: the local endpoint sends none
  // yet for CreateChannel's members).
  const bobChat = await signedIn(browser, bob);
  await expect(bobChat.channelButton("secret plans")).toBeVisible();
  await bobChat.openChannel("secret plans");
  await expect(bobChat.message("for bob only")).toHaveCount(1);

  const carolChat = await signedIn(browser, carol);
  await aliceChat.send("another secret");
  await carolChat.page.reload();
  await carolChat.expectLive();
  await expect(carolChat.channelButton("welcome")).toBeVisible();
  await expect(carolChat.channelButton("secret plans")).toHaveCount(0);
  await carolChat.page.getByRole("button", { name: "Browse public channels" }).click();
  const directory = carolChat.page.getByRole("region", { name: "Public channels" });
  await expect(directory.getByText("town square")).toBeVisible();
  await expect(directory.getByText("secret plans")).toHaveCount(0);
  await expect(carolChat.page.getByText("for bob only")).toHaveCount(0);
});

test("an admin deletes a message and it disappears for both", async ({ browser }) => {
  const aliceChat = await signedIn(browser, alice);
  await aliceChat.createChannel("moderated");
  const bobChat = await signedIn(browser, bob);
  await bobChat.joinPublicChannel("moderated");
  await bobChat.send("please delete me");
  await bobChat.send("keep me");
  await expect(aliceChat.message("please delete me")).toHaveCount(1);
  // Bob is no admin: no Delete for him.
  await expect(bobChat.message("please delete me").getByRole("button", { name: "Delete" })).toHaveCount(0);

  await aliceChat.message("please delete me").getByRole("button", { name: "Delete" }).click();
  await expect(aliceChat.message("please delete me")).toHaveCount(0);
  await expect(bobChat.message("please delete me")).toHaveCount(0);
  await expect.poll(() => bobChat.contents()).toEqual(["keep me"]);
  await bobChat.page.reload();
  await bobChat.expectLive();
  await bobChat.openChannel("moderated");
  await expect.poll(() => bobChat.contents()).toEqual(["keep me"]);
});

test("members: alice adds carol from the members panel, a moderator's removal reaches carol live, a refused join shows its request id, carol leaves", async ({
  browser,
}) => {
  // Names of this run only: the scenario can be repeated against the same stack (--repeat-each).
  const run = Date.now().toString(36);
  const [team, shortLived, openHouse] = ["team", "short-lived", "open house"].map((name) => `${name} ${run}`);
  const aliceChat = await signedIn(browser, alice);
  await aliceChat.openChannel("welcome"); // its members panel introduces carol
  await expect(aliceChat.page.getByRole("complementary", { name: "Members" }).getByText(carol.username)).toBeVisible();
  await aliceChat.createChannel(team);
  const members = aliceChat.page.getByRole("complementary", { name: "Members" });
  await expect(members.getByRole("listitem")).toHaveText([`${alice.username} (you)moderator`]);
  await members.getByLabel("Add someone").selectOption({ label: carol.username });
  await members.getByRole("button", { name: "Add" }).click();
  await expect(members.getByRole("listitem")).toHaveText([`${alice.username} (you)moderator`, carol.username]);

  const carolChat = await signedIn(browser, carol);
  await carolChat.openChannel(team);
  await carolChat.send("thanks for adding me");
  await expect(aliceChat.message("thanks for adding me")).toHaveCount(1);

  // A moderator removes carol (through the API: the client has no such button): the channel leaves her list live.
  const arnOf = async (name: string) => {
    const { myChannels } = await aliceChat.api<{
      myChannels: { edges: { node: { channel: { arn: string; name: string } } }[] };
    }>("{ myChannels { edges { node { channel { arn name } } } } }");
    return myChannels.edges.find((edge) => edge.node.channel.name === name)?.node.channel.arn;
  };
  await aliceChat.api("mutation($c: ID!, $m: ID!) { removeMember(channelArn: $c, memberArn: $m) }", {
    c: await arnOf(team),
    m: carol.userArn,
  });
  await expect(members.getByRole("listitem")).toHaveText([`${alice.username} (you)moderator`]);
  await expect(carolChat.channelButton(team)).toHaveCount(0);

  // Carol's list of public channels is a moment old: a channel deleted since cannot be joined, and the
  // error says so with the request id of the refused request.
  await aliceChat.createChannel(shortLived);
  await carolChat.page.getByRole("button", { name: "Browse public channels" }).click();
  await expect(carolChat.page.getByRole("button", { name: `Join ${shortLived}` })).toBeVisible();
  await aliceChat.api("mutation($c: ID!) { deleteChannel(arn: $c) }", { c: await arnOf(shortLived) });
  const refused = carolChat.page.waitForResponse(
    (response) => response.request().postData()?.includes("JoinChannel") ?? false,
  );
  await carolChat.page.getByRole("button", { name: `Join ${shortLived}` }).click();
  const requestId = (await refused).headers()["x-request-id"];
  expect(requestId).toBeTruthy();
  await expect(carolChat.errors).toContainText(`Joining ${shortLived} failed:`);
  await expect(carolChat.errors.locator(".request-id")).toHaveText(` (request id ${requestId})`);
  expect(await seriousViolations(carolChat.page)).toEqual([]);
  await carolChat.page.getByRole("region", { name: "Public channels" }).getByRole("button", { name: "Close" }).click();

  // Leaving: a channel she joined herself goes from her list, and from alice's members panel live.
  await aliceChat.createChannel(openHouse);
  await carolChat.joinPublicChannel(openHouse);
  await expect(members.getByRole("listitem")).toHaveText([`${alice.username} (you)moderator`, carol.username]);
  // A list asked for just before she leaves (her window regains focus) and answered just after must not
  // bring the channel back: its answer is held until the leave is done.
  let heldList: Promise<void> | undefined;
  let leaveDone: () => void = () => undefined;
  await carolChat.page.route(stack.graphqlUrl, async (route) => {
    if (heldList || !route.request().postData()?.includes("query MyChannels")) return route.continue();
    const response = await route.fetch();
    heldList = new Promise<void>((resolve) => (leaveDone = resolve)).then(() => route.fulfill({ response }));
    await heldList;
  });
  await carolChat.page.evaluate(() => window.dispatchEvent(new Event("focus")));
  await expect.poll(() => heldList !== undefined).toBe(true);
  const left = carolChat.page.waitForResponse(
    (response) => response.request().postData()?.includes("LeaveChannel") ?? false,
  );
  await carolChat.page.getByRole("button", { name: "Leave" }).click();
  await left;
  leaveDone();
  await heldList;
  await expect(carolChat.channelButton(openHouse)).toHaveCount(0);
  await expect(members.getByRole("listitem")).toHaveText([`${alice.username} (you)moderator`]);
});

test("with wss:// and the local certificate untrusted, the connection gives up after 15 s with a plain error", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // This page is configured as for AWS: no ws:// shortcut, so the SDK goes to wss://<endpoint>/connect.
  await page.route("**/config.json", async (route) => {
    const response = await route.fetch();
    const config = (await response.json()) as { chime: Record<string, unknown> };
    delete config.chime.plainWebSocketHost;
    await route.fulfill({ response, json: config });
  });
  // Every status the connection line shows, in order.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { statuses: string[] }).statuses = seen;
    new MutationObserver(() => {
      const status = document.querySelector(".connection")?.getAttribute("data-status");
      if (status && seen.at(-1) !== status) seen.push(status);
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-status"] });
  });
  await page.goto(stack.webUrl);
  const chat = new ChatPage(stack, context, page, alice);
  open.push(chat);
  await page.getByLabel("Email").fill(alice.username);
  await page.getByLabel("Password").fill(alice.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(chat.connection).toHaveAttribute("data-status", "failed", { timeout: 25_000 });
  // Connecting until it gave up: the SDK's retries before the connection was ever live are no "reconnecting".
  expect(await page.evaluate(() => (window as unknown as { statuses: string[] }).statuses)).toEqual([
    "connecting",
    "failed",
  ]);
  await expect(chat.connection).toContainText(
    `The live connection (wss://${stack.messagingSessionEndpoint}/connect) did not open within 15 s. If this is a local stack, the browser may not trust its certificate`,
  );
  // The rest of the chat works without it.
  await expect(chat.channelButton("welcome")).toBeVisible();
});

test("the chat as the README shows it (a screenshot)", async ({ browser }) => {
  const aliceChat = await signedIn(browser, alice);
  await aliceChat.createChannel("announcements");
  await aliceChat.createChannel("design review");
  const bobChat = await signedIn(browser, bob);
  await bobChat.joinPublicChannel("announcements");
  await bobChat.send("Release notes for 0.2 are up.");
  await expect(aliceChat.unreadBadge("announcements")).toHaveText("1");
  await bobChat.joinPublicChannel("design review");
  await bobChat.send("The new channel list reads well. Unread counts next to each name?");
  await aliceChat.send("Yes: they come from myChannels and rise live with each message.");
  await bobChat.send("And typing shows while someone writes.");
  await bobChat.composer.pressSequentially("Looks good", { delay: 30 });
  await expect(aliceChat.typing).toHaveText(`${bob.username} is typing…`);
  await aliceChat.page.locator("h1").click(); // no focus ring on the composer
  const shot = join(projectRoot, "test-results", "web-client.png");
  mkdirSync(join(projectRoot, "test-results"), { recursive: true });
  await aliceChat.page.screenshot({ path: shot });
  // UPDATE_SCREENSHOT=1 npm run test:browser refreshes the README's picture.
  if (process.env.UPDATE_SCREENSHOT === "1") copyFileSync(shot, join(projectRoot, "docs", "web-client.png"));
});
