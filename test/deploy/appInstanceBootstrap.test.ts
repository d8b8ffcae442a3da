/**
 * The AppInstance custom resource handler over real HTTP: its Chime calls go to the local endpoint
 * (developer key, as the bootstrap role on AWS; package.test.ts checks the deployed role's policy
 * suffices), and its answers go to a local HTTP server standing in for CloudFormation's presigned S3
 * ResponseURL, which records each PUT.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  ChimeSDKIdentityClient,
  CreateAppInstanceCommand,
  DeleteAppInstanceAdminCommand,
  DeleteAppInstanceCommand,
  DeleteAppInstanceUserCommand,
  DescribeAppInstanceAdminCommand,
  DescribeAppInstanceCommand,
  DescribeAppInstanceUserCommand,
  ListAppInstancesCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import type { Context } from "aws-lambda";
import { createBootstrapHandler, type BootstrapEvent } from "../../src/bootstrap/customResource";
import { clientConfig, startTestEndpoint, type TestEndpoint } from "../support/localEndpoint";

interface RecordedPut {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: {
    Status: "SUCCESS" | "FAILED";
    Reason?: string;
    PhysicalResourceId: string;
    StackId: string;
    RequestId: string;
    LogicalResourceId: string;
    Data?: { AppInstanceArn: string; BackendUserArn: string };
  };
}

interface ResponseRecorder {
  url: string;
  puts: RecordedPut[];
  /** Paths answered with this status instead of 200. */
  failPaths: Map<string, number>;
  close(): Promise<void>;
}

/** What S3 is to a custom resource: it takes the PUT of the answer to the presigned URL. */
async function startResponseRecorder(): Promise<ResponseRecorder> {
  const puts: RecordedPut[] = [];
  const failPaths = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = (req.url ?? "").split("?")[0];
      puts.push({
        method: req.method ?? "",
        path,
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as RecordedPut["body"],
      });
      res.writeHead(failPaths.get(path) ?? 200).end();
    });
  });
  await listen(server);
  return { url: urlOf(server), puts, failPaths, close: () => close(server) };
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
}

function urlOf(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

const STACK_ID =
  "arn:aws:cloudformation:us-east-1:111122223333:stack/chime-chat-api-test/4a6b7c1e-0000-4000-8000-000000000001";
const properties = {
  ServiceToken: "arn:aws:lambda:us-east-1:111122223333:function:chime-chat-api-test-appInstanceBootstrap",
  AppInstanceName: "chime-chat-api-test",
  BackendUserId: "backend_worker",
  BackendUserName: "Backend worker",
  Retain: "false",
};

function context(remainingMs = 60_000): Context {
  return {
    logStreamName: "2026/12/01/[$LATEST]0123456789abcdef",
    getRemainingTimeInMillis: () => remainingMs,
  } as Context;
}

describe("the AppInstance custom resource", () => {
  let t: TestEndpoint;
  let recorder: ResponseRecorder;
  let identity: ChimeSDKIdentityClient;
  const logs: string[] = [];
  const logger = {
    info: (...args: unknown[]) => void logs.push(JSON.stringify(args)),
    error: (...args: unknown[]) =>
      void logs.push(
        JSON.stringify(args, (_, value: unknown) =>
          value instanceof Error ? { name: value.name, message: value.message } : value,
        ),
      ),
  };
  let handler: ReturnType<typeof createBootstrapHandler>;

  beforeAll(async () => {
    t = await startTestEndpoint();
    recorder = await startResponseRecorder();
    identity = new ChimeSDKIdentityClient(clientConfig(t.endpoint.url, t.credentials.developer));
    handler = createBootstrapHandler({ identity, logger });
  });
  afterAll(async () => {
    identity.destroy();
    await recorder.close();
    await t.close();
  });

  /** Sends one request as CloudFormation does and returns the answer PUT to its ResponseURL. */
  async function send(
    request: Partial<BootstrapEvent> & Pick<BootstrapEvent, "RequestType">,
    run = handler,
    remainingMs?: number,
  ): Promise<RecordedPut> {
    const path = `/cloudformation-custom-resource-response-useast1/${randomUUID()}`;
    const event = {
      ServiceToken: properties.ServiceToken,
      ResponseURL: `${recorder.url}${path}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=secret`,
      StackId: STACK_ID,
      RequestId: randomUUID(),
      LogicalResourceId: "AppInstance",
      ResourceType: "Custom::ChimeAppInstance",
      ResourceProperties: properties,
      ...request,
    } as BootstrapEvent;
    await run(event, context(remainingMs));
    const answers = recorder.puts.filter((put) => put.path === path);
    expect(answers).toHaveLength(1);
    const [answer] = answers;
    expect(answer.method).toBe("PUT");
    expect(answer.body).toMatchObject({
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: "AppInstance",
    });
    return answer;
  }

  async function exists(send: () => Promise<unknown>): Promise<boolean> {
    return send().then(
      () => true,
      (error: Error) => {
        // Chime identity answers ForbiddenException for a missing resource (no NotFound modelled).
        if (error.name === "NotFoundException" || error.name === "ForbiddenException") return false;
        throw error;
      },
    );
  }

  const appInstanceExists = (arn: string) =>
    exists(() => identity.send(new DescribeAppInstanceCommand({ AppInstanceArn: arn })));
  const userExists = (arn: string) =>
    exists(() => identity.send(new DescribeAppInstanceUserCommand({ AppInstanceUserArn: arn })));
  const adminExists = (appInstanceArn: string, arn: string) =>
    exists(() =>
      identity.send(new DescribeAppInstanceAdminCommand({ AppInstanceArn: appInstanceArn, AppInstanceAdminArn: arn })),
    );
  const appInstanceCount = async () =>
    (await identity.send(new ListAppInstancesCommand({ MaxResults: 50 }))).AppInstances?.length ?? 0;

  test("Create makes the app instance, backend_worker and its admin promotion, and answers with their ARNs", async () => {
    const answer = await send({ RequestType: "Create" });
    expect(answer.body.Status).toBe("SUCCESS");
    const appInstanceArn = answer.body.PhysicalResourceId;
    expect(appInstanceArn).toMatch(/^arn:aws:chime:us-east-1:\d{12}:app-instance\/[\w-]+$/);
    expect(answer.body.Data).toEqual({
      AppInstanceArn: appInstanceArn,
      BackendUserArn: `${appInstanceArn}/user/backend_worker`,
    });
    expect(await appInstanceExists(appInstanceArn)).toBe(true);
    expect(await userExists(`${appInstanceArn}/user/backend_worker`)).toBe(true);
    expect(await adminExists(appInstanceArn, `${appInstanceArn}/user/backend_worker`)).toBe(true);
    // As the cfn-response module sends it: a presigned URL signed without a content type.
    expect(answer.headers["content-type"] ?? "").toBe("");
  });

  test("a repeated Create (the same request delivered again) gets the same app instance", async () => {
    const before = await appInstanceCount();
    const request = { RequestType: "Create" as const, RequestId: randomUUID() };
    const first = await send(request);
    const again = await send(request);
    expect(again.body.Status).toBe("SUCCESS");
    expect(again.body.PhysicalResourceId).toBe(first.body.PhysicalResourceId);
    expect(await appInstanceCount()).toBe(before + 1);
  });

  test("Update keeps the app instance and puts back a missing backend user and admin promotion", async () => {
    const { body: created } = await send({ RequestType: "Create" });
    const appInstanceArn = created.PhysicalResourceId;
    const backendUserArn = `${appInstanceArn}/user/backend_worker`;

    const unchanged = await send({
      RequestType: "Update",
      PhysicalResourceId: appInstanceArn,
      OldResourceProperties: properties,
    });
    expect(unchanged.body).toMatchObject({ Status: "SUCCESS", PhysicalResourceId: appInstanceArn, Data: created.Data });

    await identity.send(
      new DeleteAppInstanceAdminCommand({ AppInstanceArn: appInstanceArn, AppInstanceAdminArn: backendUserArn }),
    );
    const noAdmin = await send({
      RequestType: "Update",
      PhysicalResourceId: appInstanceArn,
      OldResourceProperties: properties,
    });
    expect(noAdmin.body).toMatchObject({ Status: "SUCCESS", PhysicalResourceId: appInstanceArn });
    expect(await adminExists(appInstanceArn, backendUserArn)).toBe(true);

    await identity.send(new DeleteAppInstanceUserCommand({ AppInstanceUserArn: backendUserArn }));
    const noUser = await send({
      RequestType: "Update",
      PhysicalResourceId: appInstanceArn,
      OldResourceProperties: properties,
    });
    expect(noUser.body).toMatchObject({ Status: "SUCCESS", PhysicalResourceId: appInstanceArn });
    expect(await userExists(backendUserArn)).toBe(true);
    expect(await adminExists(appInstanceArn, backendUserArn)).toBe(true);
  });

  test("Update after the app instance was deleted outside the stack makes a new one", async () => {
    const { body: created } = await send({ RequestType: "Create" });
    await identity.send(new DeleteAppInstanceCommand({ AppInstanceArn: created.PhysicalResourceId }));
    const answer = await send({
      RequestType: "Update",
      PhysicalResourceId: created.PhysicalResourceId,
      OldResourceProperties: properties,
    });
    expect(answer.body.Status).toBe("SUCCESS");
    expect(answer.body.PhysicalResourceId).not.toBe(created.PhysicalResourceId);
    expect(await appInstanceExists(answer.body.PhysicalResourceId)).toBe(true);
  });

  test("Delete deletes the app instance it made; a second Delete (already gone) succeeds", async () => {
    const { body: created } = await send({ RequestType: "Create" });
    const deleted = await send({ RequestType: "Delete", PhysicalResourceId: created.PhysicalResourceId });
    expect(deleted.body).toMatchObject({ Status: "SUCCESS", PhysicalResourceId: created.PhysicalResourceId });
    expect(await appInstanceExists(created.PhysicalResourceId)).toBe(false);

    const again = await send({ RequestType: "Delete", PhysicalResourceId: created.PhysicalResourceId });
    expect(again.body.Status).toBe("SUCCESS");
  });

  test("a Delete from another stack naming this stack's app instance deletes nothing", async () => {
    const { body: created } = await send({ RequestType: "Create" });
    const otherStack = STACK_ID.replace(/\/[^/]+$/, `/${randomUUID()}`);
    expect(otherStack).not.toBe(STACK_ID);
    const answer = await send({
      RequestType: "Delete",
      StackId: otherStack,
      PhysicalResourceId: created.PhysicalResourceId,
    });
    expect(answer.body.Status).toBe("SUCCESS");
    expect(await appInstanceExists(created.PhysicalResourceId)).toBe(true);
    // Nor one that no stack made (created by hand, without the stack's Metadata).
    const { AppInstanceArn: byHand } = await identity.send(new CreateAppInstanceCommand({ Name: "made by hand" }));
    const forged = await send({ RequestType: "Delete", PhysicalResourceId: byHand });
    expect(forged.body.Status).toBe("SUCCESS");
    expect(await appInstanceExists(byHand as string)).toBe(true);
  });

  test("Delete with Retain=true keeps the app instance", async () => {
    const retained = { ...properties, Retain: "true" };
    const { body: created } = await send({ RequestType: "Create", ResourceProperties: retained });
    const answer = await send({
      RequestType: "Delete",
      PhysicalResourceId: created.PhysicalResourceId,
      ResourceProperties: retained,
    });
    expect(answer.body.Status).toBe("SUCCESS");
    expect(await appInstanceExists(created.PhysicalResourceId)).toBe(true);
  });

  test("a Create with bad properties answers FAILED with a reason, and its Delete succeeds and deletes nothing", async () => {
    const before = await appInstanceCount();
    const bad = { ...properties, AppInstanceName: "" };
    const failed = await send({ RequestType: "Create", ResourceProperties: bad });
    expect(failed.body.Status).toBe("FAILED");
    expect(failed.body.Reason).toContain("AppInstanceName is required");
    expect(failed.body.PhysicalResourceId).not.toMatch(/^arn:/);
    expect(await appInstanceCount()).toBe(before);

    // CloudFormation rolls the failed Create back with a Delete of the id the FAILED answer gave.
    const rollback = await send({
      RequestType: "Delete",
      PhysicalResourceId: failed.body.PhysicalResourceId,
      ResourceProperties: bad,
    });
    expect(rollback.body).toMatchObject({ Status: "SUCCESS", PhysicalResourceId: failed.body.PhysicalResourceId });
    expect(await appInstanceCount()).toBe(before);
  });

  test("Chime refusing a call is FAILED with the step and the error's class, nothing of AWS's message", async () => {
    // The server key is bound to the API's role, which may not create app instances.
    const refused = new ChimeSDKIdentityClient(clientConfig(t.endpoint.url, t.credentials.server));
    try {
      const answer = await send(
        { RequestType: "Create" },
        createBootstrapHandler({ identity: refused, logger, accessDeniedRetryDelaysMs: [10, 10] }),
      );
      expect(answer.body.Status).toBe("FAILED");
      expect(answer.body.Reason).toBe(
        "CreateAppInstance failed: AccessDeniedException (see log stream 2026/12/01/[$LATEST]0123456789abcdef).",
      );
    } finally {
      refused.destroy();
    }
  });

  test("a call IAM refuses at first (a role moments old) is tried again, and the Create succeeds", async () => {
    let refusals = 2;
    const flaky = {
      send: ((command: Parameters<ChimeSDKIdentityClient["send"]>[0]) => {
        if (refusals-- > 0)
          return Promise.reject(Object.assign(new Error("not yet"), { name: "AccessDeniedException" }));
        return identity.send(command);
      }) as ChimeSDKIdentityClient["send"],
    };
    const run = createBootstrapHandler({ identity: flaky, logger, accessDeniedRetryDelaysMs: [10, 10, 10] });
    const answer = await send({ RequestType: "Create" }, run);
    expect(answer.body.Status).toBe("SUCCESS");
    expect(await appInstanceExists(answer.body.PhysicalResourceId)).toBe(true);
  });

  test("a step that outlasts the function's time answers FAILED before Lambda stops it", async () => {
    // An endpoint that takes the request and never answers.
    const silent = createServer(() => undefined);
    await listen(silent);
    const stuck = new ChimeSDKIdentityClient(clientConfig(urlOf(silent), t.credentials.developer));
    try {
      const run = createBootstrapHandler({ identity: stuck, logger, answerMarginMs: 5000 });
      const answer = await send({ RequestType: "Create" }, run, 5300);
      expect(answer.body.Status).toBe("FAILED");
      expect(answer.body.Reason).toContain("ran out of time");
    } finally {
      stuck.destroy();
      await close(silent);
    }
  });

  test("an answer the ResponseURL refuses fails the invocation, so that Lambda retries it", async () => {
    const path = `/refused/${randomUUID()}`;
    recorder.failPaths.set(path, 403);
    const event = {
      RequestType: "Delete",
      ServiceToken: properties.ServiceToken,
      ResponseURL: `${recorder.url}${path}`,
      StackId: STACK_ID,
      RequestId: randomUUID(),
      LogicalResourceId: "AppInstance",
      ResourceType: "Custom::ChimeAppInstance",
      ResourceProperties: properties,
      PhysicalResourceId: "AppInstance-not-created-x",
    } as BootstrapEvent;
    await expect(handler(event, context())).rejects.toThrow("HTTP 403");
    expect(recorder.puts.filter((put) => put.path === path)).toHaveLength(3);
  });

  test("the ResponseURL (a credential for the answer) is never logged", () => {
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join("\n")).not.toContain(recorder.url);
    expect(logs.join("\n")).not.toContain("X-Amz-Signature");
  });
});
