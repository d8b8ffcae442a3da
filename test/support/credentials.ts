/** Helpers for tests of the `credentials` mutation: the query, its answer, and log capture. */
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

/** Captures the handler's log lines (Powertools: JSON lines, errors and warnings on stderr) while `run` runs. */
export async function captureLogs<T>(run: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split("\n").filter(Boolean));
    return true;
  };
  const spies = [
    jest.spyOn(process.stdout, "write").mockImplementation(capture),
    jest.spyOn(process.stderr, "write").mockImplementation(capture),
  ];
  try {
    return { result: await run(), lines };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
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
