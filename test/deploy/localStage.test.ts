/**
 * serverless.yml as `npm start` runs it (`--stage local`), resolved by osls itself (`osls print`): no
 * app instance bootstrap function to invoke offline, CORS for the development origins only, sls
 * offline's listeners where the launcher puts them, and neither the JWT authorizer (serverless-offline
 * 13 would only decode the token; the function verifies it fully) nor metrics or tracing.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { projectRoot } from "../../local/stack/settings";

interface Printed {
  functions: Record<
    string,
    {
      handler?: string;
      tracing?: unknown;
      events?: { httpApi: { authorizer?: string } }[];
      environment?: Record<string, string>;
    }
  >;
  provider: { httpApi: { cors: { allowedOrigins: string[] } }; environment: Record<string, string> };
  custom: { "serverless-offline": { httpPort: string; lambdaPort: string } };
}

async function printLocalStage(env: Record<string, string>): Promise<Printed> {
  const home = mkdtempSync(join(tmpdir(), "chime-chat-api-print-"));
  try {
    const parent = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [require.resolve("osls/bin/serverless.js"), "print", "--stage", "local", "--format", "json"],
      { cwd: projectRoot, env: { ...parent, ...env, HOME: home, SLS_TELEMETRY_DISABLED: "1" }, timeout: 120_000 },
    );
    return JSON.parse(stdout) as Printed;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

test("offline there is no bootstrap function to invoke; CORS and the listeners are the launcher's", async () => {
  const printed = await printLocalStage({
    API_CORS_ORIGINS: "http://127.0.0.1:5173,http://localhost:5173,https://dev.example:8443",
    API_SOCKET: "/home/dev/project/.local/api.sock",
    API_LAMBDA_SOCKET: "/home/dev/project/.local/lambda.sock",
  });
  expect(Object.keys(printed.functions)).toEqual(["graphql"]);
  expect(printed.provider.httpApi.cors.allowedOrigins).toEqual([
    "http://127.0.0.1:5173",
    "http://localhost:5173",
    "https://dev.example:8443",
  ]);
  const { graphql } = printed.functions;
  expect(graphql).toMatchObject({ handler: "handlers/graphql.handler", tracing: false });
  expect(graphql.events?.map((event) => event.httpApi.authorizer)).toEqual(["", ""]);
  expect(printed.provider.environment.POWERTOOLS_METRICS_DISABLED).toBe("true");
  expect(printed.custom["serverless-offline"]).toMatchObject({
    httpPort: "/home/dev/project/.local/api.sock",
    lambdaPort: "/home/dev/project/.local/lambda.sock",
  });
});

test("with moderation (LOCAL_MODERATION=on): the processor runs as the local moderation role, the API names the flow", async () => {
  const printed = await printLocalStage({
    MODERATION_ENABLED: "true",
    MODERATION_WORDS: "darn,heck",
    MODERATION_ACCESS_KEY_ID: "AKIAMODERATIONLOCAL1",
    MODERATION_SECRET_ACCESS_KEY: "local-moderation-secret",
    MODERATION_DECISIONS_TABLE: "chime-chat-api-moderation-decisions",
    CHIME_CHANNEL_FLOW_ARN: "arn:aws:chime:us-east-1:111122223333:app-instance/a/channel-flow/f",
  });
  expect(Object.keys(printed.functions).sort()).toEqual(["graphql", "moderationProcessor"]);
  expect(printed.functions.moderationProcessor).toMatchObject({
    handler: "handlers/moderationProcessor.handler",
    environment: {
      AWS_ACCESS_KEY_ID: "AKIAMODERATIONLOCAL1",
      AWS_SECRET_ACCESS_KEY: "local-moderation-secret",
      MODERATION_WORDS: "darn,heck",
      MODERATION_DECISIONS_TABLE: "chime-chat-api-moderation-decisions",
      CHIME_APP_INSTANCE_ARN: "",
    },
  });
  expect(printed.functions.graphql.environment).toEqual({
    CHIME_CHANNEL_FLOW_ARN: "arn:aws:chime:us-east-1:111122223333:app-instance/a/channel-flow/f",
    MODERATION_DECISIONS_TABLE: "chime-chat-api-moderation-decisions",
  });
});
