import { formatBanner } from "./banner";
import type { StackFile } from "./stackFile";

const key = (name: string) => ({ accessKeyId: `AKIA${name}KEYID0000`, secretAccessKey: `${name}-secret-access-key` });

const stack: StackFile = {
  region: "us-east-1",
  graphqlUrl: "http://127.0.0.1:3000/graphql",
  awsEndpoint: "http://127.0.0.1:4566",
  awsTlsEndpoint: "https://127.0.0.1:4567",
  messagingSessionEndpoint: "127.0.0.1:4567",
  tlsCertificatePath: "/home/dev/project/.local/tls/cert.pem",
  cognitoEndpoint: "http://127.0.0.1:9229",
  userPoolId: "local_pool",
  userPoolClientId: "client123",
  appInstanceArn: "arn:aws:chime:us-east-1:111122223333:app-instance/abc",
  backendUserArn: "arn:aws:chime:us-east-1:111122223333:app-instance/abc/user/backend_worker",
  userRoleArn: "arn:aws:iam::111122223333:role/chime-chat-api-user",
  sessionTagKey: "my_applications_user_id",
  credentials: { developer: key("DEVELOPER"), server: key("SERVER"), cognitoAdmin: key("COGNITO") },
  users: [
    { username: "alice@example.com", password: "alice-Pa55word-x", sub: "s-a", userArn: "arn:a", admin: true },
    { username: "bob@example.com", password: "bob-Pa55word-y", sub: "s-b", userArn: "arn:b", admin: false },
  ],
  accountId: "111122223333",
  serverRoleArn: "arn:aws:iam::111122223333:role/chime-chat-api-server",
  cognitoIssuer: "http://127.0.0.1:9229/local_pool",
  cognitoJwksUri: "http://127.0.0.1:9229/local_pool/.well-known/jwks.json",
  adminGroup: "admins",
  welcomeChannelArn: "arn:aws:chime:us-east-1:111122223333:app-instance/abc/channel/welcome",
  pushAppArn: "arn:aws:mobiletargeting:us-east-1:111122223333:apps/0123456789abcdef0123456789abcdef",
  pushOutboxUrl: "http://127.0.0.1:4566/_local/push/outbox",
  webUrl: "http://127.0.0.1:5173/",
  pid: 1234,
  startedAt: "2026-01-01T00:00:00.000Z",
};

const banner = formatBanner({
  stack,
  stackFilePath: "/home/dev/project/.local/stack.json",
  stateDir: "/home/dev/project/.local",
  readySeconds: 9.5,
  created: [],
  phases: [["bootstrap", 1.2]],
});

test("the ready banner prints no key, secret or password", () => {
  const secrets = [
    ...Object.values(stack.credentials).flatMap(({ accessKeyId, secretAccessKey }) => [accessKeyId, secretAccessKey]),
    ...stack.users.map((user) => user.password),
  ];
  expect(secrets.filter((secret) => banner.includes(secret))).toEqual([]);
  expect(banner).not.toMatch(/AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID|AKIA/);
});

test("it names stack.json, where they are, and what to reach", () => {
  expect(banner).toContain("/home/dev/project/.local/stack.json (only you can read it)");
  expect(banner).toContain("alice@example.com (admins), bob@example.com");
  expect(banner).toContain("http://127.0.0.1:3000/graphql");
  expect(banner).toContain("web client         http://127.0.0.1:5173/");
  expect(banner).toContain("npm run -s token -- alice@example.com");
});
