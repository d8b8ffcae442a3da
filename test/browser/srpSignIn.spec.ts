/**
 * The web client's SRP sign-in (config.json's cognito.authFlow USER_SRP_AUTH, as on a deployed stack) in
 * chromium, with the bundle as built. cognito-local has no SRP, so this test plays Cognito's side of the
 * exchange (test/support/cognitoSrp.ts) on the page's requests to it: it answers InitiateAuth with the
 * PASSWORD_VERIFIER challenge, checks the page's signature as Cognito does, and only for a right one lets
 * cognito-local issue the user's real tokens, with which the chat then runs as usual.
 */
import { expect, test, type Page, type Route } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { cognitoChallenge, storedUser } from "../support/cognitoSrp";
import { ChatPage, demoUser, readStack } from "./pages";

const stack = readStack();
const alice = demoUser(stack, "alice");
const poolName = stack.userPoolId.split("_")[1];

/** What Cognito saw: the flows and challenges the page used, in order. */
async function playCognitoSrp(page: Page, webOrigin: string): Promise<string[]> {
  const seen: string[] = [];
  const userId = randomUUID();
  const user = storedUser(poolName, userId, alice.password);
  let challenge: ReturnType<typeof cognitoChallenge> | undefined;
  const cors = { "access-control-allow-origin": webOrigin, "access-control-expose-headers": "x-amzn-requestid" };
  const answer = (route: Route, status: number, body: object) =>
    route.fulfill({
      status,
      headers: { ...cors, "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": randomUUID() },
      body: JSON.stringify(body),
    });

  await page.route("**/config.json", async (route) => {
    const response = await route.fetch();
    const config = (await response.json()) as { cognito: Record<string, unknown> };
    config.cognito.authFlow = "USER_SRP_AUTH";
    config.cognito.userPoolId = stack.userPoolId;
    await route.fulfill({ response, json: config });
  });
  await page.route(`${new URL(stack.cognitoEndpoint).origin}/**`, async (route) => {
    const request = route.request();
    if (request.method() !== "POST") return route.continue();
    const target = (await request.headerValue("x-amz-target")) ?? "";
    const body = request.postDataJSON() as {
      AuthFlow?: string;
      AuthParameters?: Record<string, string>;
      ChallengeName?: string;
      ChallengeResponses?: Record<string, string>;
    };
    if (target.endsWith(".InitiateAuth") && body.AuthFlow === "USER_SRP_AUTH") {
      seen.push(`InitiateAuth ${body.AuthFlow} as ${body.AuthParameters?.USERNAME}`);
      challenge = cognitoChallenge(body.AuthParameters?.SRP_A ?? "", poolName, user, userId);
      return answer(route, 200, { ChallengeName: "PASSWORD_VERIFIER", ChallengeParameters: challenge.parameters });
    }
    if (target.endsWith(".RespondToAuthChallenge") && challenge) {
      const responses = body.ChallengeResponses ?? {};
      const valid =
        body.ChallengeName === "PASSWORD_VERIFIER" &&
        responses.USERNAME === userId &&
        responses.PASSWORD_CLAIM_SECRET_BLOCK === challenge.parameters.SECRET_BLOCK &&
        responses.PASSWORD_CLAIM_SIGNATURE === challenge.expectedSignature(responses.TIMESTAMP ?? "");
      seen.push(`RespondToAuthChallenge ${body.ChallengeName}: ${valid ? "valid" : "invalid"}`);
      challenge = undefined;
      if (!valid)
        return answer(route, 400, { __type: "NotAuthorizedException", message: "Incorrect username or password." });
      // The signature proves the password: cognito-local issues the real tokens.
      const tokens = await route.fetch({
        headers: { ...request.headers(), "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth" },
        postData: JSON.stringify({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: stack.userPoolClientId,
          AuthParameters: { USERNAME: alice.username, PASSWORD: alice.password },
        }),
      });
      return route.fulfill({ response: tokens });
    }
    seen.push(`${target.split(".").pop()} ${body.AuthFlow ?? ""}`.trim());
    return route.continue();
  });
  return seen;
}

test("SRP sign-in: a right password signs in with the PASSWORD_VERIFIER exchange, a wrong one is refused", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = await playCognitoSrp(page, new URL(stack.webUrl).origin);
  await page.goto(stack.webUrl);
  const chat = new ChatPage(stack, context, page, alice);
  try {
    await page.getByLabel("Email").fill(alice.username);
    await page.getByLabel("Password").fill(`${alice.password}x`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText(/Incorrect username or password/);

    await page.getByLabel("Password").fill(alice.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await chat.expectLive();
    await expect(chat.channelButton("welcome")).toBeVisible();
    expect(seen.slice(0, 4)).toEqual([
      `InitiateAuth USER_SRP_AUTH as ${alice.username}`,
      "RespondToAuthChallenge PASSWORD_VERIFIER: invalid",
      `InitiateAuth USER_SRP_AUTH as ${alice.username}`,
      "RespondToAuthChallenge PASSWORD_VERIFIER: valid",
    ]);
    // The password itself never went to Cognito.
    expect(seen.filter((line) => line.includes("USER_PASSWORD_AUTH"))).toEqual([]);
  } finally {
    await chat.close();
  }
});
