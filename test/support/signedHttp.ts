/**
 * Raw HTTP requests to the local endpoint, signed with SigV4 the way the SDKs sign, for tests that
 * need what an SDK client will not send (a custom Host header, a malformed body, an unknown path).
 */
import { SignatureV4 } from "@smithy/signature-v4";
import { request, type Agent } from "node:http";
import type { AccessKey } from "./localEndpoint";
import { Sha256 } from "@smithy/core/checksum";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface SignedRequest {
  port: number;
  method: string;
  /** Path as sent, already percent-encoded. */
  path: string;
  query?: Record<string, string>;
  body?: string;
  headers?: Record<string, string>;
  /** Defaults to 127.0.0.1:<port>. */
  host?: string;
  /** "chime" unless given. */
  service?: string;
  /** "us-east-1" (the test endpoint's) unless given. */
  region?: string;
  credentials: AccessKey & { sessionToken?: string };
  /** Leave unsigned (for tests of missing authentication). */
  unsigned?: boolean;
  /** A keep-alive agent, for benchmarks. */
  agent?: Agent;
  /** Changes the signed headers before sending (for tests of tampering). */
  afterSigning?: (headers: Record<string, string>) => void;
}

export async function signedRequest(options: SignedRequest): Promise<RawResponse> {
  const host = options.host ?? `127.0.0.1:${options.port}`;
  const headers: Record<string, string> = { host, ...options.headers };
  if (options.body !== undefined) headers["content-length"] = String(Buffer.byteLength(options.body));
  const signer = new SignatureV4({
    service: options.service ?? "chime",
    region: options.region ?? "us-east-1",
    credentials: options.credentials,
    sha256: Sha256,
  });
  const unsignedRequest = {
    method: options.method,
    protocol: "http:",
    hostname: host,
    path: options.path,
    query: options.query ?? {},
    headers,
    body: options.body,
  };
  const signed = options.unsigned ? unsignedRequest : await signer.sign(unsignedRequest);
  options.afterSigning?.(signed.headers);
  const query = new URLSearchParams(options.query ?? {}).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: options.port,
        method: options.method,
        path: options.path + (query ? `?${query}` : ""),
        headers: signed.headers,
        agent: options.agent,
      },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}
