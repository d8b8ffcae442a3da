/**
 * The web client's SRP exchange (web/src/auth/srp.ts) against Cognito's side of USER_SRP_AUTH
 * (test/support/cognitoSrp.ts): the verifier from a salt and the password, B, and the
 * PASSWORD_CLAIM_SIGNATURE Cognito expects. A client that signs wrongly, or with another password, fails.
 */
import { randomUUID } from "node:crypto";
import { startSrp } from "../../web/src/auth/srp";
import { N, big, cognitoChallenge, storedUser } from "../support/cognitoSrp";

const POOL_ID = "eu-central-1_Ab3dEf9Gh";
const POOL_NAME = "Ab3dEf9Gh";
const USERNAME = "alice@example.com";
const PASSWORD = "Correct horse 7!";

test("InitiateAuth carries the user name and an SRP_A that is g^a mod N, fresh for each sign-in", () => {
  const first = startSrp(USERNAME, PASSWORD, POOL_ID).authParameters;
  const second = startSrp(USERNAME, PASSWORD, POOL_ID).authParameters;
  expect(Object.keys(first).sort()).toEqual(["SRP_A", "USERNAME"]);
  expect(first.USERNAME).toBe(USERNAME);
  const A = big(first.SRP_A);
  expect(A > 1n && A < N).toBe(true);
  expect(second.SRP_A).not.toBe(first.SRP_A);
});

test("the PASSWORD_VERIFIER answer is signed as Cognito computes it, for the id Cognito named", () => {
  const userId = randomUUID();
  const user = storedUser(POOL_NAME, userId, PASSWORD);
  const exchange = startSrp(USERNAME, PASSWORD, POOL_ID);
  const { parameters, expectedSignature } = cognitoChallenge(exchange.authParameters.SRP_A, POOL_NAME, user, userId);

  const responses = exchange.passwordVerifier(parameters);

  expect(responses.USERNAME).toBe(userId);
  expect(responses.PASSWORD_CLAIM_SECRET_BLOCK).toBe(parameters.SECRET_BLOCK);
  // Cognito's format, "EEE MMM d HH:mm:ss UTC yyyy" (the day not zero-padded), within a minute of now.
  expect(responses.TIMESTAMP).toMatch(
    /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [1-9]\d? \d\d:\d\d:\d\d UTC \d{4}$/,
  );
  expect(Math.abs(Date.parse(responses.TIMESTAMP.replace(" UTC", "") + " UTC") - Date.now())).toBeLessThan(60_000);
  expect(responses.PASSWORD_CLAIM_SIGNATURE).toBe(expectedSignature(responses.TIMESTAMP));
});

test("a wrong password, or the right one for another pool, gives a signature Cognito refuses", () => {
  const userId = randomUUID();
  const user = storedUser(POOL_NAME, userId, PASSWORD);
  for (const [password, poolId] of [
    ["Correct horse 8!", POOL_ID],
    [PASSWORD, "eu-central-1_Other1234"],
  ]) {
    const exchange = startSrp(USERNAME, password, poolId);
    const { parameters, expectedSignature } = cognitoChallenge(exchange.authParameters.SRP_A, POOL_NAME, user, userId);
    const responses = exchange.passwordVerifier(parameters);
    expect(responses.PASSWORD_CLAIM_SIGNATURE).not.toBe(expectedSignature(responses.TIMESTAMP));
  }
});

test("a challenge with B = 0 is refused (SRP-6a: the client aborts)", () => {
  const exchange = startSrp(USERNAME, PASSWORD, POOL_ID);
  const userId = randomUUID();
  const { parameters } = cognitoChallenge(
    exchange.authParameters.SRP_A,
    POOL_NAME,
    storedUser(POOL_NAME, userId, PASSWORD),
    userId,
  );
  expect(() => exchange.passwordVerifier({ ...parameters, SRP_B: "0" })).toThrow();
});
