/**
 * Cognito's side of USER_SRP_AUTH, played with node:crypto and native BigInt (independently of the
 * library the web client uses), as Cognito's SDKs publish the algorithm: the 3072-bit group with g = 2,
 * k = H(N | g), the verifier g^x with x = H(salt | H(pool name | user id | ":" | password)),
 * B = k·v + g^b, S = (A·v^u)^b with u = H(A | B), an HKDF ("Caldera Derived Key") over S with u as
 * salt, and the PASSWORD_CLAIM_SIGNATURE as an HMAC over pool name | user id | secret block | timestamp.
 * H is SHA-256 over Java's BigInteger.toByteArray() (padHex).
 */
import { createHash, createHmac, randomBytes } from "node:crypto";

export const N = BigInt(
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
export const big = (hex: string) => BigInt(`0x${hex}`);

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
export function storedUser(poolName: string, userId: string, password: string) {
  const salt = randomBytes(16).toString("hex");
  const x = big(hexHash(padHex(big(salt)) + sha256Hex(`${poolName}${userId}:${password}`)));
  return { salt, verifier: modPow(g, x, N) };
}

/** Cognito's side: the challenge for SRP_A, and the signature it will accept for a timestamp. */
export function cognitoChallenge(srpA: string, poolName: string, user: ReturnType<typeof storedUser>, userId: string) {
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
