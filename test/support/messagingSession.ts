/**
 * A messaging-session client for tests: a connect URL presigned with SigV4 the way amazon-chime-sdk-js
 * presigns it (service chime, host only, 10 s), over plain ws:// to the local endpoint.
 */
import { SignatureV4 } from "@smithy/signature-v4";
import { WebSocket, type ClientOptions } from "ws";
import type { AccessKey } from "./localEndpoint";
import { Sha256 } from "@smithy/core/checksum";

export interface SessionFrame {
  type: string;
  messageType: string;
  /** The parsed Payload, or undefined when it is empty. */
  payload: Record<string, unknown> | undefined;
  /** `x-amz-chime-event-reason`, when the frame has one. */
  reason?: string;
}

export async function presignConnectUrl(
  port: number,
  credentials: AccessKey & { sessionToken?: string },
  /** Undefined leaves the parameter out (for tests of a malformed URL). */
  userArn: string | undefined,
  signingDate = new Date(),
  /** More query parameters, signed with the rest (prefetch-on, prefetch-sort-by). */
  extraQuery: Record<string, string> = {},
  /** The client's region, which it signs for. */
  region = "us-east-1",
): Promise<string> {
  const signer = new SignatureV4({ service: "chime", region, credentials, sha256: Sha256 });
  const host = `127.0.0.1:${port}`;
  const signed = await signer.presign(
    {
      method: "GET",
      protocol: "ws:",
      hostname: host,
      path: "/connect",
      headers: { host },
      query: { ...extraQuery, sessionId: "1", ...(userArn === undefined ? {} : { userArn }) },
    },
    { expiresIn: 10, signingDate },
  );
  const query = new URLSearchParams(signed.query as Record<string, string>).toString();
  return `ws://${host}/connect?${query}`;
}

/** An open session that records every frame it receives. */
export class TestSession {
  readonly frames: SessionFrame[] = [];
  private waiters: (() => void)[] = [];
  closeCode: number | undefined;
  private readonly closed: Promise<number>;

  constructor(readonly socket: WebSocket) {
    socket.on("message", (data: Buffer) => {
      const parsed = JSON.parse(data.toString()) as { Headers: Record<string, string>; Payload: string };
      const reason = parsed.Headers["x-amz-chime-event-reason"];
      this.frames.push({
        type: parsed.Headers["x-amz-chime-event-type"],
        messageType: parsed.Headers["x-amz-chime-message-type"],
        payload: parsed.Payload ? (JSON.parse(parsed.Payload) as Record<string, unknown>) : undefined,
        ...(reason === undefined ? {} : { reason }),
      });
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) =>
      socket.on("close", (code) => {
        this.closeCode = code;
        for (const wake of this.waiters.splice(0)) wake();
        resolve(code);
      }),
    );
  }

  /** `options.ca` trusts the endpoint's certificate, for wss:// URLs. */
  static open(url: string, options: ClientOptions = {}): Promise<TestSession> {
    const socket = new WebSocket(url, options);
    const session = new TestSession(socket);
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(session));
      socket.once("error", reject);
    });
  }

  /** Resolves once `count` frames of `type` have arrived (or rejects after `ms`). */
  async waitFor(type: string, count = 1, ms = 5000): Promise<SessionFrame[]> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.frames.filter((f) => f.type === type);
      if (found.length >= count) return found;
      if (this.closeCode !== undefined || Date.now() > deadline) {
        throw new Error(`waited for ${count} ${type}, got ${found.length} (closed: ${this.closeCode})`);
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  whenClosed(): Promise<number> {
    return this.closed;
  }

  close(): void {
    this.socket.close();
  }
}
