/**
 * The AppInstance custom resource handler over real HTTP: its Chime calls go to the local endpoint
 * (developer key, as the bootstrap role on AWS; package.test.ts checks the deployed role's policy
 * suffices), and its answers go to a local HTTP server standing in for CloudFormation's presigned S3
 * ResponseURL, which records each PUT. CloudFormation's side is played as its documentation describes
 * it: a FAILED Create is rolled back with a Delete of the physical id the answer named.
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
  GetAppInstanceRetentionSettingsCommand,
  ListAppInstancesCommand,
  type AppInstanceSummary,
} from "@aws-sdk/client-chime-sdk-identity";
import type { RequestLogEntry } from "../../local/endpoint/server";
import type { Context } from "aws-lambda";
import { createBootstrapHandler, type BootstrapEvent } from "../../src/bootstrap/customResource";
import { clientConfig, startTestEndpoint, type TestEndpoint } from "../support/localEndpoint";
import { startRecordingProxy } from "../support/recordingProxy";

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
  AdoptAppInstanceArn: "",
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
  const endpointLog: RequestLogEntry[] = [];

  beforeAll(async () => {
    // Any Host: some tests reach the endpoint through a proxy, which passes the Host it was sent.
    t = await startTestEndpoint({ trust: { hostPorts: "any" }, log: (entry) => endpointLog.push(entry) });
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
  const appInstances = async () => {
    const all: AppInstanceSummary[] = [];
    let NextToken: string | undefined;
    do {
      const page = await identity.send(new ListAppInstancesCommand({ MaxResults: 50, NextToken }));
      all.push(...(page.AppInstances ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return all;
  };
  const appInstanceCount = async () => (await appInstances()).length;
  /** The Chime operations the endpoint answered while `run` ran. */
  const operationsDuring = async (run: () => Promise<unknown>) => {
    const start = endpointLog.length;
    await run();
    return endpointLog.slice(start).map((entry) => entry.operation);
  };

  test("Create makes the app instance, backend_worker and its admin promotion, and answers with their ARNs", async () => {
    let answer: RecordedPut | undefined;
    const operations = await operationsDuring(async () => (answer = await send({ RequestType: "Create" })));
    if (!answer) throw new Error("no answer");
    // Created directly, with no lookup first.
    expect(operations).toEqual(["CreateAppInstance", "CreateAppInstanceUser", "CreateAppInstanceAdmin"]);
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

  test("MessageRetentionDays sets the app instance's retention on Create and Update, only when it changes", async () => {
    const retentionOf = async (appInstanceArn: string) =>
      identity.send(new GetAppInstanceRetentionSettingsCommand({ AppInstanceArn: appInstanceArn }));
    const withRetention = (days: string | undefined) => ({ ...properties, MessageRetentionDays: days });
    const { body: created } = await send({ RequestType: "Create", ResourceProperties: withRetention("30") });
    expect(created.Status).toBe("SUCCESS");
    const appInstanceArn = created.PhysicalResourceId;
    const first = await retentionOf(appInstanceArn);
    expect(first.AppInstanceRetentionSettings).toEqual({ ChannelRetentionSettings: { RetentionDays: 30 } });

    const update = (days: string | undefined, old: string | undefined) =>
      operationsDuring(() =>
        send({
          RequestType: "Update",
          PhysicalResourceId: appInstanceArn,
          ResourceProperties: withRetention(days),
          OldResourceProperties: withRetention(old),
        }),
      );
    // The same setting again is read, not put: its grace period is not started over.
    expect(await update("30", "30")).not.toContain("PutAppInstanceRetentionSettings");
    expect((await retentionOf(appInstanceArn)).InitiateDeletionTimestamp).toEqual(first.InitiateDeletionTimestamp);
    expect(await update("90", "30")).toContain("PutAppInstanceRetentionSettings");
    expect((await retentionOf(appInstanceArn)).AppInstanceRetentionSettings).toEqual({
      ChannelRetentionSettings: { RetentionDays: 90 },
    });
    // Left out (the parameter empty): retention is left as it is.
    expect(await update("", "90")).not.toContain("GetAppInstanceRetentionSettings");
    expect(await update("off", "")).toContain("PutAppInstanceRetentionSettings");
    expect((await retentionOf(appInstanceArn)).AppInstanceRetentionSettings).toEqual({ ChannelRetentionSettings: {} });
  });

  test("a MessageRetentionDays Chime would refuse is a FAILED Create naming the property", async () => {
    const answer = await send({
      RequestType: "Create",
      ResourceProperties: { ...properties, MessageRetentionDays: "5476" },
    });
    expect(answer.body.Status).toBe("FAILED");
    expect(answer.body.Reason).toContain("MessageRetentionDays is a number of days from 1 to 5475, or off.");
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

  test("a Delete that arrives deletes this stack's app instance: keeping it on `remove` is CloudFormation's part", async () => {
    // With `retain`, the resource's DeletionPolicy is RetainExceptOnCreate (package.test.ts): CloudFormation
    // sends no Delete on a `remove`, and sends one when it rolls back the deploy that created it. A
    // template of before that still carries `Retain: "true"` changes nothing here.
    const { body: created } = await send({ RequestType: "Create" });
    const answer = await send({
      RequestType: "Delete",
      PhysicalResourceId: created.PhysicalResourceId,
      ResourceProperties: { ...properties, Retain: "true" },
    });
    expect(answer.body.Status).toBe("SUCCESS");
    expect(await appInstanceExists(created.PhysicalResourceId)).toBe(false);
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
      PhysicalResourceId: "AppInstance-create-failed-x",
    } as BootstrapEvent;
    await expect(handler(event, context())).rejects.toThrow("HTTP 403");
    expect(recorder.puts.filter((put) => put.path === path)).toHaveLength(3);
  });

  describe("rollback: a failed Create leaves nothing behind", () => {
    test("a step refused after CreateAppInstance: FAILED names the new app instance, and the rollback deletes it", async () => {
      // A role that may make app instances but not users (IAM refuses CreateAppInstanceUser).
      const noUsers = JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: [
              "chime:CreateAppInstance",
              "chime:ListAppInstances",
              "chime:DescribeAppInstance",
              "chime:DeleteAppInstance",
            ],
            Resource: "*",
          },
        ],
      });
      const partial = await startTestEndpoint({ account: { policyTemplates: { "server-role": noUsers } } });
      await partial.usePoliciesFor("arn:aws:chime:us-east-1:111122223333:app-instance/unused");
      const asRole = new ChimeSDKIdentityClient(clientConfig(partial.endpoint.url, partial.credentials.server));
      try {
        const run = createBootstrapHandler({ identity: asRole, logger, accessDeniedRetryDelaysMs: [10] });
        const failed = await send({ RequestType: "Create" }, run);
        expect(failed.body.Status).toBe("FAILED");
        expect(failed.body.Reason).toMatch(/^CreateAppInstanceUser failed: AccessDeniedException \(see log stream /);
        const made = failed.body.PhysicalResourceId;
        expect(made).toMatch(/^arn:aws:chime:us-east-1:\d{12}:app-instance\/[\w-]+$/);
        await expect(
          partial.identity.send(new DescribeAppInstanceCommand({ AppInstanceArn: made })),
        ).resolves.toMatchObject({ AppInstance: { AppInstanceArn: made } });

        const rollback = await send({ RequestType: "Delete", PhysicalResourceId: made }, run);
        expect(rollback.body).toMatchObject({ Status: "SUCCESS", PhysicalResourceId: made });
        await expect(
          partial.identity.send(new DescribeAppInstanceCommand({ AppInstanceArn: made })),
        ).rejects.toMatchObject({ name: "ForbiddenException" });
      } finally {
        asRole.destroy();
        await partial.close();
      }
    });

    test("time runs out after CreateAppInstance: FAILED still names the app instance, and the rollback deletes it", async () => {
      // CreateAppInstanceUser reaches Chime, but its answer never comes back.
      const proxy = await startRecordingProxy(t.endpoint.url, {
        holdAnswer: ({ method, path }) => method === "POST" && path === "/app-instance-users",
      });
      const slow = new ChimeSDKIdentityClient(clientConfig(proxy.url, t.credentials.developer));
      try {
        const run = createBootstrapHandler({ identity: slow, logger, answerMarginMs: 5000 });
        const failed = await send({ RequestType: "Create" }, run, 6000);
        expect(failed.body.Status).toBe("FAILED");
        expect(failed.body.Reason).toContain("ran out of time");
        const made = failed.body.PhysicalResourceId;
        expect(made).toMatch(/^arn:aws:chime:/);
        expect(await appInstanceExists(made)).toBe(true);

        const rollback = await send({ RequestType: "Delete", PhysicalResourceId: made });
        expect(rollback.body.Status).toBe("SUCCESS");
        expect(await appInstanceExists(made)).toBe(false);
      } finally {
        slow.destroy();
        await proxy.close();
      }
    });

    test("time runs out while CreateAppInstance is under way: the rollback finds what it made and deletes it", async () => {
      // Chime makes the app instance, but its answer (the ARN) is lost.
      const proxy = await startRecordingProxy(t.endpoint.url, {
        holdAnswer: ({ method, path }) => method === "POST" && path === "/app-instances",
      });
      const lost = new ChimeSDKIdentityClient(clientConfig(proxy.url, t.credentials.developer));
      const before = await appInstances();
      try {
        const run = createBootstrapHandler({ identity: lost, logger, answerMarginMs: 5000 });
        const request = { RequestType: "Create" as const, RequestId: randomUUID() };
        const failed = await send(request, run, 6000);
        expect(failed.body.Status).toBe("FAILED");
        // No ARN came back: the id names the request, never an app instance of its own invention.
        expect(failed.body.PhysicalResourceId).toBe(`AppInstance-create-failed-${request.RequestId}`);
        const orphans = (await appInstances()).filter(
          (summary) => !before.some((known) => known.AppInstanceArn === summary.AppInstanceArn),
        );
        expect(orphans).toHaveLength(1);

        const rollback = await send({ RequestType: "Delete", PhysicalResourceId: failed.body.PhysicalResourceId });
        expect(rollback.body).toMatchObject({ Status: "SUCCESS", PhysicalResourceId: failed.body.PhysicalResourceId });
        expect(await appInstanceExists(orphans[0].AppInstanceArn as string)).toBe(false);
        expect((await appInstances()).map((summary) => summary.AppInstanceArn)).toEqual(
          before.map((summary) => summary.AppInstanceArn),
        );
      } finally {
        lost.destroy();
        await proxy.close();
      }
    });
  });

  describe("adopting an existing app instance", () => {
    /** An app instance kept by the `remove` of an earlier stack: its Metadata names that stack. */
    async function retainedByEarlierStack(): Promise<string> {
      const earlier = STACK_ID.replace(/\/[^/]+$/, `/${randomUUID()}`);
      const { body } = await send({ RequestType: "Create", StackId: earlier });
      expect(body.Status).toBe("SUCCESS");
      return body.PhysicalResourceId;
    }

    test("Create uses it (no new app instance), and Delete never deletes it", async () => {
      const kept = await retainedByEarlierStack();
      const before = await appInstanceCount();
      const adopting = { ...properties, AdoptAppInstanceArn: kept };
      const created = await send({ RequestType: "Create", ResourceProperties: adopting });
      expect(created.body).toMatchObject({
        Status: "SUCCESS",
        PhysicalResourceId: kept,
        Data: { AppInstanceArn: kept, BackendUserArn: `${kept}/user/backend_worker` },
      });
      expect(await appInstanceCount()).toBe(before);

      // A `remove` with retain=false, or a rollback: the adopted app instance stays.
      const deleted = await send({ RequestType: "Delete", PhysicalResourceId: kept, ResourceProperties: adopting });
      expect(deleted.body.Status).toBe("SUCCESS");
      expect(await appInstanceExists(kept)).toBe(true);
      // Nor does a Delete without the property delete it: another stack made it.
      await send({ RequestType: "Delete", PhysicalResourceId: kept });
      expect(await appInstanceExists(kept)).toBe(true);
    });

    test("an app instance made by hand gets the backend user and its promotion, and nothing else changes", async () => {
      const { AppInstanceArn: byHand } = await identity.send(
        new CreateAppInstanceCommand({ Name: "made by hand", Metadata: "ours" }),
      );
      const arn = byHand as string;
      const answer = await send({
        RequestType: "Create",
        ResourceProperties: { ...properties, AdoptAppInstanceArn: arn },
      });
      expect(answer.body).toMatchObject({ Status: "SUCCESS", PhysicalResourceId: arn });
      expect(await userExists(`${arn}/user/backend_worker`)).toBe(true);
      expect(await adminExists(arn, `${arn}/user/backend_worker`)).toBe(true);
      const { AppInstance } = await identity.send(new DescribeAppInstanceCommand({ AppInstanceArn: arn }));
      expect(AppInstance).toMatchObject({ Name: "made by hand", Metadata: "ours" });

      // Adopted again (a second stack): backend_worker exists, Chime answers ConflictException.
      const operations = await operationsDuring(() =>
        send({ RequestType: "Create", ResourceProperties: { ...properties, AdoptAppInstanceArn: arn } }),
      );
      expect(operations).toEqual(["DescribeAppInstance", "CreateAppInstanceUser", "CreateAppInstanceAdmin"]);
      const conflict = endpointLog.filter((entry) => entry.operation === "CreateAppInstanceUser").pop();
      expect(conflict).toMatchObject({ status: 409, errorType: "ConflictException" });
    });

    test("an app instance that does not exist is FAILED, and nothing is made", async () => {
      const before = await appInstanceCount();
      const missing = "arn:aws:chime:us-east-1:111122223333:app-instance/00000000-0000-4000-8000-000000000000";
      const answer = await send({
        RequestType: "Create",
        ResourceProperties: { ...properties, AdoptAppInstanceArn: missing },
      });
      expect(answer.body.Status).toBe("FAILED");
      expect(answer.body.Reason).toMatch(/^DescribeAppInstance failed: ForbiddenException /);
      expect(answer.body.PhysicalResourceId).not.toMatch(/^arn:/);
      expect(await appInstanceCount()).toBe(before);
    });

    test("switching to an adopted app instance and back: CloudFormation's cleanup deletes only this stack's own", async () => {
      const { body: own } = await send({ RequestType: "Create" });
      const kept = await retainedByEarlierStack();
      const adopting = { ...properties, AdoptAppInstanceArn: kept };
      const toAdopted = await send({
        RequestType: "Update",
        PhysicalResourceId: own.PhysicalResourceId,
        ResourceProperties: adopting,
        OldResourceProperties: properties,
      });
      expect(toAdopted.body).toMatchObject({ Status: "SUCCESS", PhysicalResourceId: kept });
      // A new physical id: CloudFormation deletes the old one (UpdateReplacePolicy Delete, retain=false).
      await send({ RequestType: "Delete", PhysicalResourceId: own.PhysicalResourceId, ResourceProperties: adopting });
      expect(await appInstanceExists(own.PhysicalResourceId)).toBe(false);

      const back = await send({
        RequestType: "Update",
        PhysicalResourceId: kept,
        ResourceProperties: properties,
        OldResourceProperties: adopting,
      });
      expect(back.body.Status).toBe("SUCCESS");
      expect(back.body.PhysicalResourceId).not.toBe(kept);
      expect(await appInstanceExists(back.body.PhysicalResourceId)).toBe(true);
      await send({ RequestType: "Delete", PhysicalResourceId: kept, ResourceProperties: adopting });
      expect(await appInstanceExists(kept)).toBe(true);
    });
  });

  test("the ResponseURL (a credential for the answer) is never logged", () => {
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join("\n")).not.toContain(recorder.url);
    expect(logs.join("\n")).not.toContain("X-Amz-Signature");
  });
});
