import { useQuery } from "@apollo/client/react";
import { useEffect, useState } from "react";
import { MyChannels } from "../realtime/documents";
import { ChannelList } from "./ChannelList";
import { ChannelView } from "./ChannelView";
import { ConnectionStatus } from "./ConnectionStatus";
import { Me } from "./documents";
import { ErrorList, useReportError, type ShownError } from "./errors";
import { Members } from "./Members";
import { useRealtime } from "./realtimeContext";

interface Props {
  errors: ShownError[];
  dismissError: (id: number) => void;
  onSignOut: () => void;
}

export function ChatScreen({ errors, dismissError, onSignOut }: Props) {
  const report = useReportError();
  const realtime = useRealtime();
  const me = useQuery(Me);
  // The list the socket keeps current; fetched again when the window regains focus, which also brings
  // channels whose membership event this client missed.
  const channels = useQuery(MyChannels, { fetchPolicy: "cache-and-network", nextFetchPolicy: "cache-first" });
  const [selected, setSelected] = useState<string | undefined>();
  const [membersShown, setMembersShown] = useState(true);

  useEffect(() => {
    if (me.error) report("Loading your profile", me.error);
  }, [me.error, report]);
  useEffect(() => {
    if (channels.error) report("Loading your channels", channels.error);
  }, [channels.error, report]);
  const { refetch } = channels;
  useEffect(() => {
    const onFocus = () => void refetch().catch(() => undefined);
    window.addEventListener("focus", onFocus);
    return () => window.removeEventListener("focus", onFocus);
  }, [refetch]);

  const mine = (channels.data?.myChannels.edges.map((edge) => edge.node) ?? []).sort((a, b) =>
    a.channel.name.localeCompare(b.channel.name),
  );
  // The first channel of the list until the user picks one (or after they leave theirs).
  const current = mine.find((node) => node.channel.arn === selected) ?? mine[0];
  const profile = me.data?.me;

  return (
    <div className="chat">
      <header className="top">
        <h1>chime-chat</h1>
        <ConnectionStatus realtime={realtime} />
        <span className="me">
          {profile?.name}
          {profile?.isAdmin && <span className="tag">admin</span>}
        </span>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <ErrorList errors={errors} dismiss={dismissError} />
      <nav className="channels" aria-label="Channels">
        <ChannelList
          channels={mine}
          loading={channels.loading && mine.length === 0}
          selected={current?.channel.arn}
          onSelect={setSelected}
        />
      </nav>
      <main className="conversation">
        {current && profile ? (
          <ChannelView
            key={current.channel.arn}
            myChannel={current}
            me={profile}
            membersShown={membersShown}
            onToggleMembers={() => setMembersShown((shown) => !shown)}
            onLeft={() => setSelected(undefined)}
          />
        ) : (
          <p className="empty">{channels.loading ? "Loading…" : "Join or create a channel to start."}</p>
        )}
      </main>
      {current && profile && membersShown && (
        <aside className="members" aria-label="Members">
          <Members channelArn={current.channel.arn} me={profile} />
        </aside>
      )}
    </div>
  );
}
