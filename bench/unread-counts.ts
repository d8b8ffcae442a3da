/**
 * Benchmark (not a test): what a page of `myChannels` with unread counts costs in Chime calls. Chime has
 * no unread count and its rate quotas are per account, so the API counts only the channels whose last
 * message is newer than the caller's read marker, one ListChannelMessages page each, in parallel. A
 * reader is a member of 20 channels: 15 with messages she has read, 5 with messages she has not. The
 * script asks for one page of 20 with `unread` and without it, and prints the Chime calls the API made
 * for each (named by the endpoint's request log), against the 21 of counting every channel, and the
 * median time of each shape side by side.
 * Run: npm run bench:unread [-- <rounds>]
 */
import { startApiStack, type ApiStack, type ApiUser } from "../test/support/apiStack";

const CHANNELS = 20;
const WITH_UNREAD = 5;
const ROUNDS = Number(process.argv[2] ?? 100);
const WITH_COUNTS = `{ myChannels(first: ${CHANNELS}) { edges { node { hasUnread unread { count capped } channel { arn } } } } }`;
const WITHOUT_COUNTS = `{ myChannels(first: ${CHANNELS}) { edges { node { hasUnread channel { arn } } } } }`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The data of a GraphQL answer that must have no errors (test/support's helpers need jest). */
async function gql<T>(stack: ApiStack, user: ApiUser, query: string, variables?: Record<string, unknown>): Promise<T> {
  const { status, body } = await stack.gql<T>(user.token, query, variables);
  if (status !== 200 || body.errors?.length || !body.data) throw new Error(`HTTP ${status}: ${JSON.stringify(body)}`);
  return body.data;
}

async function main(): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL ??= "SILENT";
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const stack = await startApiStack({ auth: "test-issuer" });
  try {
    const [writer, reader] = await Promise.all([stack.user("writer"), stack.user("reader")]);
    await gql(stack, reader, "{ me { id } }"); // her AppInstanceUser exists from her first request
    const send = (channelArn: string, content: string) =>
      gql(stack, writer, `mutation($i: SendMessageInput!) { sendMessage(input: $i) { messageId } }`, {
        i: { channelArn, content },
      });
    for (let n = 0; n < CHANNELS; n++) {
      const { createChannel } = await gql<{ createChannel: { arn: string } }>(
        stack,
        writer,
        `mutation($i: CreateChannelInput!) { createChannel(input: $i) { arn } }`,
        { i: { name: `channel ${n}`, memberArns: [reader.arn] } },
      );
      for (let m = 0; m < 3; m++) await send(createChannel.arn, `message ${m}`);
      // The first 15 are read; the last 5 get news after the reader's marker.
      await gql(stack, reader, `mutation($c: ID!) { markChannelRead(channelArn: $c) { id } }`, {
        c: createChannel.arn,
      });
      if (n >= CHANNELS - WITH_UNREAD) await send(createChannel.arn, "news");
    }

    const page = async (query: string) => {
      const before = stack.endpointLog.length;
      const started = performance.now();
      const data = await gql<{ myChannels: { edges: { node: { hasUnread: boolean; unread?: { count: number } } }[] } }>(
        stack,
        reader,
        query,
      );
      const ms = performance.now() - started;
      // The endpoint's log names each operation; the API's are the only calls while the page runs.
      return { ms, nodes: data.myChannels.edges.map((edge) => edge.node), calls: stack.endpointLog.slice(before) };
    };
    const first = await page(WITH_COUNTS);
    if (
      first.nodes.length !== CHANNELS ||
      first.nodes.filter((node) => node.unread?.count === 1).length !== WITH_UNREAD
    ) {
      throw new Error(`Unexpected page: ${JSON.stringify(first.nodes)}`);
    }
    const byOperation = new Map<string, number>();
    for (const { operation = "?" } of first.calls) byOperation.set(operation, (byOperation.get(operation) ?? 0) + 1);
    const plain = await page(WITHOUT_COUNTS);

    const times = { with: [] as number[], without: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      // Alternating order, so that neither shape always runs first.
      const order = round % 2 === 0 ? (["with", "without"] as const) : (["without", "with"] as const);
      for (const shape of order) times[shape].push((await page(shape === "with" ? WITH_COUNTS : WITHOUT_COUNTS)).ms);
    }

    console.log(`A page of ${CHANNELS} channels, ${WITH_UNREAD} of them with unread messages:`);
    console.log(
      `  Chime calls with unread counts: ${first.calls.length} (${[...byOperation]
        .map(([operation, count]) => `${count} ${operation}`)
        .join(", ")}); counting every channel would be ${CHANNELS + 1}`,
    );
    console.log(`  Chime calls without them:       ${plain.calls.length}`);
    console.log(
      `  median time of the page over ${ROUNDS} rounds: ${median(times.with).toFixed(1)} ms with counts, ${median(
        times.without,
      ).toFixed(1)} ms without (${(median(times.with) / median(times.without)).toFixed(2)}x)`,
    );
  } finally {
    await stack.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
