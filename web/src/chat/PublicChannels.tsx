import { useLazyQuery, useMutation } from "@apollo/client/react";
import { useState } from "react";
import { MyChannels } from "../realtime/documents";
import { JoinChannel, PublicChannels as PublicChannelsQuery } from "./documents";
import { useReportError } from "./errors";

export function PublicChannels({ mine, onJoined }: { mine: string[]; onJoined: (channelArn: string) => void }) {
  const report = useReportError();
  const [open, setOpen] = useState(false);
  const [load, { data, loading }] = useLazyQuery(PublicChannelsQuery, { fetchPolicy: "network-only" });
  const [join] = useMutation(JoinChannel, { refetchQueries: [MyChannels], awaitRefetchQueries: true });

  if (!open) {
    return (
      <button
        type="button"
        className="secondary"
        onClick={() => {
          setOpen(true);
          load().catch((error: unknown) => report("Listing public channels", error));
        }}
      >
        Browse public channels
      </button>
    );
  }
  const others = (data?.channels.edges ?? []).map((edge) => edge.node).filter((channel) => !mine.includes(channel.arn));
  return (
    <section className="panel" aria-label="Public channels">
      <h3>Public channels</h3>
      {loading && <p className="hint">Loading…</p>}
      {!loading && others.length === 0 && <p className="hint">You are in every public channel.</p>}
      <ul>
        {others.map((channel) => (
          <li key={channel.arn}>
            {channel.name}{" "}
            <button
              type="button"
              className="link"
              onClick={() =>
                void join({ variables: { channelArn: channel.arn } }).then(
                  () => {
                    setOpen(false);
                    onJoined(channel.arn);
                  },
                  (error: unknown) => report(`Joining ${channel.name}`, error),
                )
              }
            >
              Join {channel.name}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="secondary" onClick={() => setOpen(false)}>
        Close
      </button>
    </section>
  );
}
