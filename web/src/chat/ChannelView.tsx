import { useApolloClient, useMutation, useQuery } from "@apollo/client/react";
import { useEffect, useRef, useState, useSyncExternalStore, type FormEvent } from "react";
import type { MeQuery, MyChannelFieldsFragment } from "../graphql/generated/graphql";
import { insertMessage } from "../realtime/cacheUpdates";
import { Messages, MyChannels } from "../realtime/documents";
import type { Typist } from "../realtime";
import { LeaveChannel, MarkChannelRead, SendMessage } from "./documents";
import { useReportError } from "./errors";
import { MessageItem } from "./MessageItem";
import { useRealtime } from "./realtimeContext";

const PAGE = 30;
const NOBODY: readonly Typist[] = [];

interface Props {
  myChannel: MyChannelFieldsFragment;
  me: MeQuery["me"];
  membersShown: boolean;
  onToggleMembers: () => void;
  onLeft: () => void;
}

/**
 * Marks the channel read while it is on screen and has news: at once, one request at a time (news that
 * comes during one is marked by the next), and again when the tab comes back into view.
 */
function useMarkRead(
  channelArn: string,
  hasUnread: boolean,
  newestMessageId: string | undefined,
  markRead: (options: { variables: { channelArn: string } }) => Promise<unknown>,
  report: (action: string, error: unknown) => void,
): void {
  const state = useRef({ running: false, again: false });
  useEffect(() => {
    const mark = () => {
      if (document.visibilityState !== "visible") return;
      if (state.current.running) {
        state.current.again = true;
        return;
      }
      state.current.running = true;
      markRead({ variables: { channelArn } })
        .catch((error: unknown) => report("Marking the channel read", error))
        .finally(() => {
          state.current.running = false;
          if (state.current.again) {
            state.current.again = false;
            mark();
          }
        });
    };
    if (hasUnread) mark();
    const onVisible = () => hasUnread && mark();
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [channelArn, hasUnread, newestMessageId, markRead, report]);
}

function useTypists(channelArn: string): readonly Typist[] {
  const realtime = useRealtime();
  return useSyncExternalStore(
    (listener) => realtime?.typing.subscribe(listener) ?? (() => undefined),
    () => realtime?.typing.who(channelArn) ?? NOBODY,
  );
}

export function ChannelView({ myChannel, me, membersShown, onToggleMembers, onLeft }: Props) {
  const { channel } = myChannel;
  const channelArn = channel.arn;
  const report = useReportError();
  const client = useApolloClient();
  const realtime = useRealtime();
  // cache-and-network: what the cache holds shows at once, and the newest page is always asked for (a
  // cache-first list would stay as it was cached, e.g. empty for a channel joined a moment ago).
  const messages = useQuery(Messages, {
    variables: { channelArn, first: PAGE },
    fetchPolicy: "cache-and-network",
    nextFetchPolicy: "cache-first",
  });
  const [markRead] = useMutation(MarkChannelRead);
  const [send] = useMutation(SendMessage);
  const [leave] = useMutation(LeaveChannel, { refetchQueries: [MyChannels] });
  const [draft, setDraft] = useState("");
  const olderSentinel = useRef<HTMLLIElement>(null);

  useEffect(() => {
    if (messages.error) report(`Loading ${channel.name}`, messages.error);
  }, [messages.error, channel.name, report]);

  // Read while open: the marker follows whatever arrives while the channel is on screen.
  const newest = messages.data?.messages.edges[0]?.node;
  const hasUnread = myChannel.hasUnread || (myChannel.unread?.count ?? 0) > 0;
  useMarkRead(channelArn, hasUnread, newest?.messageId, markRead, report);

  // Older pages when the top of the list scrolls into view.
  const pageInfo = messages.data?.messages.pageInfo;
  const { fetchMore } = messages;
  useEffect(() => {
    const sentinel = olderSentinel.current;
    if (!sentinel || !pageInfo?.hasNextPage) return;
    let fetching = false;
    const observer = new IntersectionObserver((entries) => {
      if (fetching || !entries.some((entry) => entry.isIntersecting)) return;
      fetching = true;
      fetchMore({ variables: { after: pageInfo.endCursor } })
        .catch((error: unknown) => report("Loading older messages", error))
        .finally(() => (fetching = false));
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [pageInfo?.hasNextPage, pageInfo?.endCursor, fetchMore, report]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const content = draft.trim();
    if (!content) return;
    // The field empties at once, so the next message can be typed while this one is on its way.
    setDraft("");
    realtime?.messageSent(channelArn);
    try {
      const { data } = await send({
        variables: { input: { channelArn, content, clientRequestToken: crypto.randomUUID() } },
      });
      // Shown at once, with or without the socket; the socket's copy of it merges into the same entry.
      if (data?.sendMessage.message) insertMessage(client, data.sendMessage.message);
    } catch (error) {
      setDraft((current) => current || content);
      report("Sending the message", error);
    }
  }

  const typists = useTypists(channelArn);
  const edges = messages.data?.messages.edges ?? [];
  return (
    <section className="channel-view" aria-labelledby="channel-title">
      <header className="channel-header">
        <h2 id="channel-title">
          {channel.name}
          {channel.privacy === "PRIVATE" && <span className="tag">private</span>}
        </h2>
        <button type="button" className="secondary" aria-pressed={membersShown} onClick={onToggleMembers}>
          Members
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() =>
            void leave({ variables: { channelArn } }).then(onLeft, (error: unknown) =>
              report(`Leaving ${channel.name}`, error),
            )
          }
        >
          Leave
        </button>
      </header>
      {/* Newest first in the DOM, shown bottom-up (column-reverse): the view stays at the newest. */}
      <ol className="messages" aria-label={`Messages in ${channel.name}`}>
        {edges.map(({ node }) => (
          <MessageItem key={node.messageId} message={node} me={me} />
        ))}
        {pageInfo?.hasNextPage && (
          <li ref={olderSentinel} className="older">
            Loading older messages…
          </li>
        )}
        {!messages.loading && edges.length === 0 && <li className="hint">No messages yet.</li>}
      </ol>
      <p className="typing" aria-live="polite">
        {typists.length > 0 &&
          `${typists.map((typist) => typist.name).join(", ")} ${typists.length > 1 ? "are" : "is"} typing…`}
      </p>
      <form className="composer" onSubmit={(event) => void submit(event)}>
        <label htmlFor="composer-input" className="visually-hidden">
          Message {channel.name}
        </label>
        <input
          id="composer-input"
          autoComplete="off"
          maxLength={4096}
          placeholder={`Message ${channel.name}`}
          value={draft}
          onChange={(event) => {
            setDraft(event.target.value);
            if (event.target.value) realtime?.signalTyping(channelArn);
          }}
        />
        <button type="submit" disabled={!draft.trim()}>
          Send
        </button>
      </form>
    </section>
  );
}
