/**
 * A transparent HTTP proxy in front of the local endpoint that records every call the API makes to
 * "AWS": method, path and the `x-amz-chime-bearer` header, and for STS (awsQuery: a form body) the
 * form's parameters (Action, RoleSessionName, Tags...; the request carries no secret, the answer is not
 * recorded). Requests pass unchanged (the Host header too, so SigV4 signatures still verify), so tests
 * can see which bearer each Chime call carried and what each STS call asked for. `holdAnswer` lets a
 * call through to the endpoint but never answers it (a reply lost on the way, a service that hangs).
 */
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedCall {
  method: string;
  path: string;
  bearer: string | undefined;
  status: number;
  /** The parameters of a form-encoded (STS) request, e.g. `Action`, `Tags.member.1.Value`. */
  form?: Record<string, string>;
  /** The body of a JSON (Chime) request, parsed. */
  json?: Record<string, unknown>;
}

export interface RecordingProxy {
  url: string;
  calls: RecordedCall[];
  close(): Promise<void>;
}

export interface RecordingProxyOptions {
  /** Calls whose answer never comes back (they still reach the endpoint). */
  holdAnswer?: (call: { method: string; path: string }) => boolean;
}

export async function startRecordingProxy(
  target: string,
  options: RecordingProxyOptions = {},
): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const calls: RecordedCall[] = [];
  const server = createServer((req, res) => {
    const isForm = /^application\/x-www-form-urlencoded/i.test(req.headers["content-type"] ?? "");
    const isJson = /^application\/json/i.test(req.headers["content-type"] ?? "");
    const body: Buffer[] = [];
    if (isForm || isJson) req.on("data", (chunk: Buffer) => body.push(chunk));
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        const bearer = req.headers["x-amz-chime-bearer"];
        calls.push({
          method: req.method ?? "",
          path: decodeURIComponent((req.url ?? "").split("?")[0]),
          bearer: Array.isArray(bearer) ? bearer.join(",") : bearer,
          status: answer.statusCode ?? 0,
          ...(isForm ? { form: Object.fromEntries(new URLSearchParams(Buffer.concat(body).toString("utf8"))) } : {}),
          ...(isJson && body.length > 0
            ? { json: JSON.parse(Buffer.concat(body).toString("utf8")) as Record<string, unknown> }
            : {}),
        });
        if (options.holdAnswer?.({ method: req.method ?? "", path: calls[calls.length - 1].path })) {
          answer.resume();
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
