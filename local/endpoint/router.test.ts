import { operationModels, type OperationModel } from "./model";
import { Router } from "./router";

const router = new Router(operationModels);

function requestFor(op: OperationModel): { path: string; query: URLSearchParams; labelValue: string } {
  const labelValue = "arn:aws:chime:us-east-1:111122223333:app-instance/a/channel/c";
  const path = op.pathSegments.map((s) => (s.startsWith("{") ? encodeURIComponent(labelValue) : s)).join("/");
  return { path: `/${path}`, query: new URLSearchParams(op.queryLiterals), labelValue };
}

test.each(operationModels.map((op) => [`${op.service}.${op.name}`, op] as const))("%s routes to itself", (_, op) => {
  const { path, query, labelValue } = requestFor(op);
  const match = router.match(op.method, path, query);
  // The tag operations have the same binding in both services; the operation name is what matters.
  expect(match?.operation.name).toBe(op.name);
  for (const label of op.pathSegments.filter((s) => s.startsWith("{"))) {
    expect(match?.labels[label.slice(1, -1)]).toBe(labelValue);
  }
});

test("an ARN label keeps its encoded slashes inside one segment", () => {
  const arn = "arn:aws:chime:us-east-1:111122223333:app-instance/a/channel/c";
  const match = router.match("GET", `/channels/${encodeURIComponent(arn)}/messages`, new URLSearchParams());
  expect(match?.operation.name).toBe("ListChannelMessages");
  expect(match?.labels.ChannelArn).toBe(arn);
});

test("a discriminator query wins over the bare path, and other query parameters do not disturb it", () => {
  const query = new URLSearchParams({ "max-results": "5", scope: "app-instance-user-memberships" });
  expect(router.match("GET", "/channels", query)?.operation.name).toBe("ListChannelMembershipsForAppInstanceUser");
  expect(router.match("GET", "/channels", new URLSearchParams({ "max-results": "5" }))?.operation.name).toBe(
    "ListChannels",
  );
});

test("unknown methods and paths do not match", () => {
  expect(router.match("PATCH", "/channels", new URLSearchParams())).toBeUndefined();
  expect(router.match("GET", "/channels/a/b/c/d/e", new URLSearchParams())).toBeUndefined();
});
