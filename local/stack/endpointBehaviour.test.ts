/** The endpoint's quotas and faults from the environment, and `npm run endpoint` applying them. */
import { ListAppInstancesCommand, ChimeSDKIdentityClient } from "@aws-sdk/client-chime-sdk-identity";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEndpointProcess } from "../../test/support/endpointProcess";
import { clientConfig } from "../../test/support/localEndpoint";
import { describeBehaviour, readEndpointBehaviour } from "./endpointBehaviour";
import { SettingsError } from "./settings";

test("unset: AWS's quotas, no rate quotas, no faults; nothing to announce", () => {
  const behaviour = readEndpointBehaviour({});
  expect(behaviour).toEqual({ quotas: {}, rateQuotas: undefined, faults: undefined });
  expect(describeBehaviour(behaviour)).toEqual([]);
});

test("each variable is read, and announced at start", () => {
  const behaviour = readEndpointBehaviour({
    LOCAL_AWS_QUOTAS: '{"membershipsPerChannel": 50}',
    LOCAL_AWS_RATE_QUOTAS: "on",
    LOCAL_AWS_FAULTS: '{"rules":[{"operations":["SendChannelMessage"],"fault":"throttle","rate":0.2}]}',
  });
  expect(behaviour.quotas).toEqual({ membershipsPerChannel: 50 });
  expect(behaviour.rateQuotas).toEqual({});
  expect(behaviour.faults?.rules).toHaveLength(1);
  expect(describeBehaviour(behaviour).join("\n")).toMatch(
    /membershipsPerChannel=50[\s\S]*rate quotas on[\s\S]*faults on/,
  );
});

test.each([
  ["LOCAL_AWS_QUOTAS", '{"membersPerChannel": 5}', /^LOCAL_AWS_QUOTAS: Unknown resource quota membersPerChannel/],
  ["LOCAL_AWS_QUOTAS", "{oops", /^LOCAL_AWS_QUOTAS: /],
  ["LOCAL_AWS_RATE_QUOTAS", "sometimes", /^LOCAL_AWS_RATE_QUOTAS: /],
  [
    "LOCAL_AWS_FAULTS",
    '{"rules":[{"operations":"*","fault":"throttle"}]}',
    /^LOCAL_AWS_FAULTS: rules\[0\] needs either rate/,
  ],
])("a bad %s stops the start, naming the variable", (variable, value, message) => {
  expect(() => readEndpointBehaviour({ [variable]: value })).toThrow(SettingsError);
  expect(() => readEndpointBehaviour({ [variable]: value })).toThrow(message);
});

test("npm run endpoint applies LOCAL_AWS_FAULTS from its first request", async () => {
  const dir = mkdtempSync(join(tmpdir(), "chime-behaviour-"));
  const endpoint = await startEndpointProcess({
    databasePath: join(dir, "aws.sqlite"),
    env: { LOCAL_AWS_FAULTS: '{"rules":[{"operations":["ListAppInstances"],"fault":"unavailable","count":1}]}' },
  });
  const identity = new ChimeSDKIdentityClient(clientConfig(endpoint.url, endpoint.developerKey));
  try {
    await expect(identity.send(new ListAppInstancesCommand({}))).rejects.toMatchObject({
      name: "ServiceUnavailableException",
    });
    await expect(identity.send(new ListAppInstancesCommand({}))).resolves.toMatchObject({ AppInstances: [] });
  } finally {
    identity.destroy();
    await endpoint.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
