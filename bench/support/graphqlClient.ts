/**
 * A GraphQL client for the benchmarks: POST with a keep-alive agent, as the SDK's own HTTP handler
 * does for the direct path, so that both paths pay the same for their client (fetch costs several
 * times more per request than node:http). An answer that is not 200 without errors throws.
 */
import { Agent, request } from "node:http";

export interface GraphqlClient {
  call(query: string, variables: Record<string, unknown>): Promise<void>;
  close(): void;
}

export function graphqlClient(url: string, token: string): GraphqlClient {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL("/graphql", url);
  return {
    call: (query, variables) =>
      new Promise((resolve, reject) => {
        const body = JSON.stringify({ query, variables });
        const outgoing = request(
          target,
          {
            method: "POST",
            agent,
            headers: {
              "content-type": "application/json",
              "content-length": Buffer.byteLength(body),
              authorization: `Bearer ${token}`,
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("end", () => {
              const text = Buffer.concat(chunks).toString("utf8");
              const answer = JSON.parse(text) as { errors?: unknown[] };
              if (response.statusCode !== 200 || answer.errors) reject(new Error(`API call failed: ${text}`));
              else resolve();
            });
            response.on("error", reject);
          },
        );
        outgoing.on("error", reject);
        outgoing.end(body);
      }),
    close: () => agent.destroy(),
  };
}
