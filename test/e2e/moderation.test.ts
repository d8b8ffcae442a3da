/**
 * The end-to-end case in one process (test/support/moderationScenario.ts): the API with
 * moderation on, the real moderation processor invoked by the local endpoint behind its invoker
 * interface, and unmodified amazon-chime-sdk-js sessions over wss://. `npm run test:smoke` runs the
 * same scenario against the real `npm start`, where sls offline runs the processor.
 */
import { createCertificate, DEFAULT_TLS_HOSTS, type TlsCertificate } from "../../local/tls/certificate";
import { signIn } from "../support/apiOperations";
import { startApiStack, type ApiStack } from "../support/apiStack";
import { runModerationScenario } from "../support/moderationScenario";
import { installWebSocketGlobals, type WebSocketGlobals } from "../support/webSocketGlobals";

let certificate: TlsCertificate;
let stack: ApiStack;
let globals: WebSocketGlobals;

beforeAll(async () => {
  certificate = await createCertificate(DEFAULT_TLS_HOSTS);
  stack = await startApiStack({ auth: "test-issuer", moderation: true, endpoint: { tls: { certificate } } });
  globals = installWebSocketGlobals({ ca: certificate.cert });
});
afterAll(async () => {
  globals?.restore();
  await stack?.close();
});

test("a clean message reaches bob's DefaultMessagingSession; a listed word reaches nobody and shows DENIED to its sender", async () => {
  const [alice, bob] = [await stack.user("alice"), await stack.user("bob")];
  await signIn(stack, alice);
  await signIn(stack, bob);
  const seen = await runModerationScenario({
    graphql: async (token, query, variables) => (await stack.gql(token, query, variables)).body,
    awsTlsEndpoint: stack.t.endpoint.tlsUrl as string,
    ca: certificate.cert,
    alice,
    bob,
    listedWord: "darn",
  });
  expect(seen).toHaveLength(3);
});
