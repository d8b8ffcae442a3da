/**
 * The web client's SRP exchange (web/src/auth/srp.ts) against Cognito's side of USER_SRP_AUTH, played
 * here with node:crypto and native BigInt, independently of the library the client uses: the verifier
 * from a salt and the password, B, and the PASSWORD_CLAIM_SIGNATURE Cognito expects (the published
 * algorithm of Cognito's SDKs: 3072-bit group, g = 2, k = H(N | g), x = H(salt | H(pool name | user id |
 * ":" | password)), HKDF "Caldera Derived Key" over S with u as salt, HMAC over pool name | user id |
 * secret block | timestamp). A client that signs wrongly, or with another password, fails.
 */
import { createHash, createHmac, randomBytes, randomUUID } from "node:crypto";
import { startSrp } from "../../web/src/auth/srp";

const N = BigInt(
  "0x" +
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);
const g = 2n;

/** Java's BigInteger.toByteArray() in hex (what Cognito hashes): even length, a 00 before a high bit. */
function padHex(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex;
}
const sha256Hex = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");
const hexHash = (hex: string) => sha256Hex(Buffer.from(hex, "hex"));
const big = (hex: string) => BigInt(`0x${hex}`);

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  base %= modulus;
  for (; exponent > 0n; exponent >>= 1n) {
    if (exponent & 1n) result = (result * base) % modulus;
    base = (base * base) % modulus;
  }
  return result;
}

const k = big(hexHash(padHex(N) + padHex(g)));

/** A user as the pool stores them: the salt and the verifier of their password, never the password. */
function storedUser(poolName: string, userId: string, password: string) {
  const salt = randomBytes(16).toString("hex");
  const x = big(hexHash(padHex(big(salt)) + sha256Hex(`${poolName}${userId}:${password}`)));
  return { salt, verifier: modPow(g, x, N) };
}

/** Cognito's side: the challenge for SRP_A, and the signature it will accept for a timestamp. */
function cognitoChallenge(srpA: string, poolName: string, user: ReturnType<typeof storedUser>, userId: string) {
  const A = big(srpA);
  if (A % N === 0n) throw new Error("SRP_A is 0 mod N");
  const b = big(randomBytes(128).toString("hex"));
  const B = (k * user.verifier + modPow(g, b, N)) % N;
  const u = big(hexHash(padHex(A) + padHex(B)));
  const S = modPow((A * modPow(user.verifier, u, N)) % N, b, N);
  const prk = createHmac("sha256", Buffer.from(padHex(u), "hex"))
    .update(Buffer.from(padHex(S), "hex"))
    .digest();
  const key = createHmac("sha256", prk)
    .update(Buffer.concat([Buffer.from("Caldera Derived Key", "utf8"), Buffer.from([1])]))
    .digest()
    .subarray(0, 16);
  const secretBlock = randomBytes(64).toString("base64");
  const expectedSignature = (timestamp: string) =>
    createHmac("sha256", key)
      .update(
        Buffer.concat([Buffer.from(poolName + userId), Buffer.from(secretBlock, "base64"), Buffer.from(timestamp)]),
      )
      .digest("base64");
  const parameters = {
    SALT: user.salt,
    SECRET_BLOCK: secretBlock,
    SRP_B: B.toString(16),
    USERNAME: userId,
    USER_ID_FOR_SRP: userId,
  };
  return { parameters, expectedSignature };
}

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
