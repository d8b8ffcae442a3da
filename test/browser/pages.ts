/** What the browser tests do as a user does it: sign in, open a channel, send, and read the screen. */
import { expect, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import type { StackFile, StackUser } from "../../local/stack/stackFile";

export function readStack(): StackFile {
  const path = process.env.BROWSER_TEST_STACK_FILE;
  if (!path) throw new Error("BROWSER_TEST_STACK_FILE is not set: run the browser tests with npm run test:browser.");
  return JSON.parse(readFileSync(path, "utf8")) as StackFile;
}

export function demoUser(stack: StackFile, name: "alice" | "bob" | "carol"): StackUser {
  const user = stack.users.find((candidate) => candidate.username === `${name}@example.com`);
  if (!user) throw new Error(`No demo user ${name} in stack.json`);
  return user;
}

export class ChatPage {
  constructor(
    readonly stack: StackFile,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly user: StackUser,
  ) {}

  /** A new browser context (its own storage: one person), signed in, with the chat live. */
  static async open(
    browser: Browser,
    stack: StackFile,
    user: StackUser,
    beforeSignIn?: (page: Page) => void,
  ): Promise<ChatPage> {
    const context = await browser.newContext();
    const page = await context.newPage();
    beforeSignIn?.(page);
    const chat = new ChatPage(stack, context, page, user);
    await page.goto(stack.webUrl);
    await chat.signIn();
    return chat;
  }

  async signIn(): Promise<void> {
    await this.page.getByLabel("Email").fill(this.user.username);
    await this.page.getByLabel("Password").fill(this.user.password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
    await this.expectLive();
  }

  get connection(): Locator {
    return this.page.locator(".connection");
  }

  async expectLive(): Promise<void> {
    await expect(this.connection).toHaveAttribute("data-status", "live", { timeout: 30_000 });
  }

  channelButton(name: string): Locator {
    return this.page.getByRole("navigation", { name: "Channels" }).locator("button.channel", { hasText: name });
  }

  unreadBadge(name: string): Locator {
    return this.channelButton(name).getByTestId("unread");
  }

  async openChannel(name: string): Promise<void> {
    await this.channelButton(name).click();
    await expect(this.page.getByRole("heading", { level: 2, name })).toBeVisible();
  }

  /** Creates a channel from the sidebar's form; `members` are names from the members panel. */
  async createChannel(name: string, options: { privacy?: "Public" | "Private"; members?: string[] } = {}) {
    await this.page.getByRole("button", { name: "New channel" }).click();
    const form = this.page.getByRole("form", { name: "New channel" });
    await form.getByLabel("Name").fill(name);
    if (options.privacy === "Private") await form.getByLabel(/^Private/).check();
    for (const member of options.members ?? []) await form.getByLabel(member).check();
    await form.getByRole("button", { name: "Create" }).click();
    await expect(this.page.getByRole("heading", { level: 2, name })).toBeVisible();
  }

  async joinPublicChannel(name: string): Promise<void> {
    await this.page.getByRole("button", { name: "Browse public channels" }).click();
    await this.page.getByRole("button", { name: `Join ${name}` }).click();
    await expect(this.page.getByRole("heading", { level: 2, name })).toBeVisible();
  }

  get composer(): Locator {
    return this.page.locator("#composer-input");
  }

  async send(text: string): Promise<void> {
    await this.composer.fill(text);
    await this.composer.press("Enter");
    await expect(this.message(text)).toHaveCount(1);
  }

  /** The open channel's messages whose content is exactly `text`. */
  message(text: string): Locator {
    return this.page.locator("ol.messages li.message", {
      has: this.page.locator(".content").getByText(text, { exact: true }),
    });
  }

  /** The open channel's message contents, oldest first (the list holds them newest first). */
  async contents(): Promise<string[]> {
    return (await this.page.locator("ol.messages li.message .content").allTextContents()).reverse();
  }

  get typing(): Locator {
    return this.page.locator("p.typing");
  }

  get errors(): Locator {
    return this.page.locator(".errors");
  }

  /** Records every connection state the page shows from now on (window.__states, read by `states()`). */
  async recordStates(): Promise<void> {
    await this.page.evaluate(() => {
      const target = document.querySelector(".connection");
      const states: string[] = [target?.getAttribute("data-status") ?? "none"];
      (window as unknown as { __states: string[] }).__states = states;
      if (target) {
        new MutationObserver(() => states.push(target.getAttribute("data-status") ?? "none")).observe(target, {
          attributes: true,
        });
      }
    });
  }

  async states(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __states: string[] }).__states);
  }

  /** A GraphQL request from the test, as this user (their ID token from the page's session). */
  async api<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const token = await this.page.evaluate(
      () => (JSON.parse(sessionStorage.getItem("chime-chat.tokens") ?? "{}") as { idToken?: string }).idToken,
    );
    const response = await fetch(this.stack.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (!body.data || body.errors) throw new Error(`GraphQL ${response.status}: ${JSON.stringify(body)}`);
    return body.data;
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
