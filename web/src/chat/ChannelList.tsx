import type { MyChannelFieldsFragment } from "../graphql/generated/graphql";
import { NewChannel } from "./NewChannel";
import { PublicChannels } from "./PublicChannels";

interface Props {
  channels: MyChannelFieldsFragment[];
  loading: boolean;
  selected: string | undefined;
  onSelect: (channelArn: string) => void;
}

function unreadLabel(node: MyChannelFieldsFragment): string | undefined {
  const unread = node.unread;
  if (!unread || unread.count === 0) return undefined;
  return unread.capped ? `${unread.count}+` : String(unread.count);
}

export function ChannelList({ channels, loading, selected, onSelect }: Props) {
  return (
    <>
      <h2>Channels</h2>
      {loading && <p className="hint">Loading…</p>}
      <ul className="channel-list">
        {channels.map((node) => {
          const isSelected = node.channel.arn === selected;
          const unread = isSelected ? undefined : unreadLabel(node);
          return (
            <li key={node.channel.arn}>
              <button
                type="button"
                className="channel"
                aria-current={isSelected ? "true" : undefined}
                onClick={() => onSelect(node.channel.arn)}
              >
                <span className="name">
                  {node.channel.privacy === "PRIVATE" && <span className="tag">private</span>}
                  {node.channel.name}
                </span>
                {unread && (
                  <span className="badge" aria-label={`${unread} unread`} data-testid="unread">
                    {unread}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
      <NewChannel onCreated={onSelect} />
      <PublicChannels mine={channels.map((node) => node.channel.arn)} onJoined={onSelect} />
    </>
  );
}
