/**
 * Requests with headers a browser or a rebinding attack would send and fetch() will not let a test set
 * (`Host`), over a TCP port (HTTP or HTTPS) or a Unix socket, including a WebSocket upgrade. Answers
 * are read whole; a 101 (the upgrade accepted) is reported as such and the socket closed.
 */
import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";

export interface RawTarget {
  /** A TCP port on 127.0.0.1, or a Unix socket path. */
  port?: number;
  socketPath?: string;
  /** The CA to trust for HTTPS (the endpoint's self-signed certificate); HTTP without it. */
  ca?: string;
}

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export function rawRequest(
  target: RawTarget,
  options: { method?: string; path?: string; headers?: OutgoingHttpHeaders; body?: string | Buffer },
): Promise<RawAnswer> {
  const send = target.ca ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      {
        ...(target.socketPath ? { socketPath: target.socketPath } : { host: "127.0.0.1", port: target.port }),
        ...(target.ca ? { ca: target.ca, servername: "localhost" } : {}),
        method: options.method ?? "GET",
        path: options.path ?? "/",
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("upgrade", (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 101, headers: res.headers, body: "" });
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** The headers of a WebSocket handshake, as a browser or amazon-chime-sdk-js sends them. */
export function upgradeHeaders(host: string, extra: OutgoingHttpHeaders = {}): OutgoingHttpHeaders {
  return {
    host,
    connection: "Upgrade",
    upgrade: "websocket",
    "sec-websocket-version": "13",
    "sec-websocket-key": Buffer.from("0123456789abcdef").toString("base64"),
    ...extra,
  };
}
