/**
 * Benchmark (not a test): does a page of ListChannelMessages cost the same in a large channel as in a
 * small one? Seeds two channels in one on-disk store, then times the same SDK calls over HTTP against
 * both, interleaved, and prints the ratio of medians. Run: npm run bench:list-messages [-- 1000000]
 */
import { CreateChannelCommand, ListChannelMessagesCommand } from "@aws-sdk/client-chime-sdk-messaging";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Store } from "../local/store/store";
import { createApp, startTestEndpoint } from "../test/support/localEndpoint";

const SMALL = 1_000;
const LARGE = Number(process.argv[2] ?? 100_000);
const ROUNDS = 400;

function seed(store: Store, channelArn: string, senderArn: string, count: number): void {
  const start = Date.UTC(2024, 0, 1);
  store.transaction(() => {
    for (let i = 0; i < count; i++) {
      const at = start + i * 1000;
      store.insertMessage({
        channelArn,
        messageId: `m-${i}`,
        type: "STANDARD",
        content: `message ${i}`,
        metadata: null,
        contentType: null,
        messageAttributes: null,
        targetArn: null,
        senderArn,
        senderName: "alice",
        redacted: false,
        createdAt: at,
        updatedAt: at,
        editedAt: null,
        status: null,
        statusDetail: null,
        subChannelId: null,
      });
    }
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "chime-bench-"));
  const t = await startTestEndpoint({ databasePath: join(dir, "bench.sqlite") });
  try {
    const app = await createApp(t.identity, ["alice"]);
    const channel = async (name: string) =>
      (
        await t.messaging.send(
          new CreateChannelCommand({ AppInstanceArn: app.appInstanceArn, Name: name, ChimeBearer: app.users.alice }),
        )
      ).ChannelArn as string;
    const small = await channel("small");
    const large = await channel("large");
    const seeding = performance.now();
    seed(t.endpoint.services.store, small, app.users.alice, SMALL);
    seed(t.endpoint.services.store, large, app.users.alice, LARGE);
    console.log(`seeded ${SMALL} + ${LARGE} messages in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

    // Three page shapes: the newest page, the oldest page, and a page from the middle of history.
    const middleOf = (count: number) => new Date(Date.UTC(2024, 0, 1) + Math.floor(count / 2) * 1000);
    const shapes = {
      newest: (arn: string) => ({ ChannelArn: arn }),
      oldest: (arn: string) => ({ ChannelArn: arn, SortOrder: "ASCENDING" as const }),
      middle: (arn: string, count: number) => ({ ChannelArn: arn, NotAfter: middleOf(count) }),
    };
    for (const [shape, inputFor] of Object.entries(shapes)) {
      const timings: Record<"small" | "large", number[]> = { small: [], large: [] };
      const call = async (which: "small" | "large") => {
        const [arn, count] = which === "small" ? [small, SMALL] : [large, LARGE];
        const begin = performance.now();
        const page = await t.messaging.send(
          new ListChannelMessagesCommand({ ...inputFor(arn, count), ChimeBearer: app.users.alice, MaxResults: 50 }),
        );
        timings[which].push(performance.now() - begin);
        if (page.ChannelMessages?.length !== 50)
          throw new Error(`expected a full page, got ${page.ChannelMessages?.length}`);
      };
      for (let i = 0; i < 50; i++) await call(i % 2 ? "small" : "large"); // warm-up
      timings.small = [];
      timings.large = [];
      for (let i = 0; i < ROUNDS; i++) {
        // Alternate which goes first so drift on a shared machine hits both sides alike.
        const order: ("small" | "large")[] = i % 2 ? ["small", "large"] : ["large", "small"];
        for (const which of order) await call(which);
      }
      const ratio = median(timings.large) / median(timings.small);
      console.log(
        `${shape.padEnd(6)} page of 50: ${SMALL} msgs ${median(timings.small).toFixed(3)} ms, ` +
          `${LARGE} msgs ${median(timings.large).toFixed(3)} ms, ratio ${ratio.toFixed(2)}`,
      );
    }
  } finally {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
