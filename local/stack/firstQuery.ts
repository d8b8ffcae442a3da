/**
 * npm start's first query, end to end once before the stack is announced: the first demo user's real token, the API
 * verifying it and provisioning them as the endpoint's AppInstanceUser, `{ me { arn } }` answered with
 * their ARN. A 503 with `retry-after` is asked again, as the API says, a few times.
 */

/** Times the first query is asked when the API answers 503 with `retry-after` (it says to try again). */
const FIRST_QUERY_ATTEMPTS = 3;

export async function checkFirstQuery(
  graphqlUrl: string,
  idToken: string,
  expectedArn: string,
  username: string,
  say: (line: string) => void,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${idToken}` },
      body: JSON.stringify({ query: "{ me { arn } }" }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let arn: unknown;
    try {
      arn = (JSON.parse(text) as { data?: { me?: { arn?: unknown } } }).data?.me?.arn;
    } catch {
      arn = undefined;
    }
    if (response.status === 200 && arn === expectedArn) return;
    const failure = `The API did not answer \`{ me { arn } }\` for ${username} as expected (HTTP ${response.status}: ${text.slice(0, 300)}).`;
    const retryAfter = Number(response.headers.get("retry-after") ?? NaN);
    if (response.status !== 503 || !Number.isFinite(retryAfter) || attempt === FIRST_QUERY_ATTEMPTS) {
      throw new Error(failure);
    }
    // The API's own log (above) says what did not answer.
    say(`${failure} Asking again in ${retryAfter} s, as it says.`);
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
  }
}
