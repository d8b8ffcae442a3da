import { useApolloClient, useMutation } from "@apollo/client/react";
import { useState, type FormEvent } from "react";
import type { MeQuery, MessageFieldsFragment } from "../graphql/generated/graphql";
import { removeMessage } from "../realtime/cacheUpdates";
import { DeleteMessage, EditMessage, RedactMessage } from "./documents";
import { useReportError } from "./errors";

const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

export function MessageItem({ message, me }: { message: MessageFieldsFragment; me: MeQuery["me"] }) {
  const report = useReportError();
  const client = useApolloClient();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(message.content ?? "");
  const [edit] = useMutation(EditMessage);
  const [redact] = useMutation(RedactMessage);
  const [remove] = useMutation(DeleteMessage);
  const { channelArn, messageId } = message;
  const own = message.sender?.arn === me.arn;
  const senderName = message.sender?.name ?? "someone";

  async function save(event: FormEvent) {
    event.preventDefault();
    try {
      await edit({ variables: { input: { channelArn, messageId, content: text.trim() } } });
      setEditing(false);
    } catch (error) {
      report("Editing the message", error);
    }
  }

  return (
    <li className={`message${own ? " own" : ""}`} data-message-id={messageId}>
      <div className="meta">
        <span className="sender">{senderName}</span>{" "}
        <time dateTime={message.createdAt}>{time.format(new Date(message.createdAt))}</time>
        {message.editedAt && !message.redacted && <span className="edited"> (edited)</span>}
      </div>
      {editing ? (
        <form className="edit" onSubmit={(event) => void save(event)}>
          <label htmlFor={`edit-${messageId}`} className="visually-hidden">
            Edit your message
          </label>
          <input
            id={`edit-${messageId}`}
            value={text}
            maxLength={4096}
            onChange={(event) => setText(event.target.value)}
          />
          <button type="submit" disabled={!text.trim()}>
            Save
          </button>
          <button type="button" className="secondary" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : message.redacted ? (
        <p className="content redacted">Message redacted</p>
      ) : (
        <p className="content">{message.content}</p>
      )}
      <Moderation status={message.status} />
      {!editing && !message.redacted && (
        <div className="message-actions">
          {own && (
            <>
              <button
                type="button"
                className="link"
                onClick={() => {
                  setText(message.content ?? "");
                  setEditing(true);
                }}
              >
                Edit
              </button>
              <button
                type="button"
                className="link"
                onClick={() =>
                  void redact({ variables: { channelArn, messageId } }).catch((error: unknown) =>
                    report("Redacting the message", error),
                  )
                }
              >
                Redact
              </button>
            </>
          )}
          {me.isAdmin && (
            <button
              type="button"
              className="link danger"
              onClick={() =>
                void remove({ variables: { channelArn, messageId } }).then(
                  () => removeMessage(client, channelArn, messageId),
                  (error: unknown) => report("Deleting the message", error),
                )
              }
            >
              Delete
            </button>
          )}
        </div>
      )}
    </li>
  );
}

/** Where moderation has one of the user's own messages, when it is not simply sent. */
function Moderation({ status }: { status: MessageFieldsFragment["status"] }) {
  if (!status || status.value === "SENT") return null;
  const text =
    status.value === "PENDING"
      ? "Sending (being checked)…"
      : `Not delivered: ${status.detail ?? (status.value === "DENIED" ? "moderation denied it." : "it could not be checked.")}`;
  return (
    <p className={`moderation ${status.value.toLowerCase()}`} role="status">
      {text}
    </p>
  );
}
