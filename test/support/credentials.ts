/** Helpers for tests of the `credentials` mutation: the query and its answer. */
import { errorOf } from "./apiOperations";
import type { GraphQLResponse } from "./apiStack";

export const CREDENTIALS = `mutation {
  credentials {
    accessKeyId secretAccessKey sessionToken expiration region appInstanceArn userArn messagingSessionEndpoint
  }
}`;

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: string;
  region: string;
  appInstanceArn: string;
  userArn: string;
  messagingSessionEndpoint: string;
}

/** The answer carries the code and the fixed message, nothing of STS. */
export function expectNoStsInternals(response: GraphQLResponse, code: string) {
  const error = errorOf(response, code);
  expect(error.path).toEqual(["credentials"]);
  expect(JSON.stringify(response.body)).not.toMatch(
    /\bsts\b|AssumeRole|AccessDenied|not authorized|Validation|DurationSeconds|MaxSession|arn:aws:iam|ECONNREFUSED|127\.0\.0\.1|\n\s+at /i,
  );
  return error;
}
