/**
 * Cognito's SRP sign-in (USER_SRP_AUTH), the flow a deployed app client allows: the password never
 * leaves the device. InitiateAuth sends SRP_A; Cognito answers with the PASSWORD_VERIFIER challenge
 * (SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP); RespondToAuthChallenge sends the claim signed with the
 * key both sides derive. The math is cognito-srp-helper's (Cognito's 3072-bit group, its HKDF and
 * timestamp format). Loaded only when config.json asks for SRP (cognito.ts), so the local stack's
 * sign-in page does not carry it.
 */
import { createSrpSession, signSrpSession, wrapAuthChallenge, wrapInitiateAuth } from "cognito-srp-helper";

export interface SrpExchange {
  /** InitiateAuth's AuthParameters: USERNAME and SRP_A. */
  authParameters: Record<string, string>;
  /** RespondToAuthChallenge's ChallengeResponses for the PASSWORD_VERIFIER challenge's parameters. */
  passwordVerifier(challengeParameters: Record<string, string>): Record<string, string>;
}

/** `userPoolId` (region_name): its name is part of what the password is hashed with. */
export function startSrp(username: string, password: string, userPoolId: string): SrpExchange {
  // false: the password is plain text, hashed here with USER_ID_FOR_SRP once Cognito names it.
  const session = createSrpSession(username, password, userPoolId, false);
  return {
    authParameters: wrapInitiateAuth(session, { ClientId: "", AuthParameters: { USERNAME: username } }).AuthParameters,
    passwordVerifier(challengeParameters) {
      const signed = signSrpSession(session, { ChallengeParameters: challengeParameters });
      // USERNAME: the id Cognito gave for SRP (the user's sub when sign-in is by email), as Cognito expects.
      return wrapAuthChallenge(signed, {
        ClientId: "",
        ChallengeName: "PASSWORD_VERIFIER",
        ChallengeResponses: { USERNAME: challengeParameters.USER_ID_FOR_SRP },
      }).ChallengeResponses;
    },
  };
}
