import { useApolloClient, useMutation, useQuery } from "@apollo/client/react";
import { useId, useState, type FormEvent } from "react";
import { MyChannels } from "../realtime/documents";
import { CreateChannel, Me } from "./documents";
import { useReportError } from "./errors";
import { knownUsers } from "./knownUsers";

export function NewChannel({ onCreated }: { onCreated: (channelArn: string) => void }) {
  const id = useId();
  const report = useReportError();
  const client = useApolloClient();
  const me = useQuery(Me).data?.me;
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [privacy, setPrivacy] = useState<"PUBLIC" | "PRIVATE">("PUBLIC");
  const [members, setMembers] = useState<string[]>([]);
  const [create, { loading }] = useMutation(CreateChannel, { refetchQueries: [MyChannels], awaitRefetchQueries: true });

  if (!open) {
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        New channel
      </button>
    );
  }
  const people = knownUsers(client.cache, me?.arn);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      const { data } = await create({
        variables: {
          input: { name: name.trim(), privacy, memberArns: members, clientRequestToken: crypto.randomUUID() },
        },
      });
      if (data) onCreated(data.createChannel.arn);
      setOpen(false);
      setName("");
      setMembers([]);
    } catch (error) {
      report("Creating the channel", error);
    }
  }

  return (
    <form className="panel" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>New channel</h3>
      <label htmlFor={`${id}-name`}>Name</label>
      <input
        id={`${id}-name`}
        required
        maxLength={256}
        value={name}
        onChange={(event) => setName(event.target.value)}
      />
      <fieldset>
        <legend>Who can find it</legend>
        <label>
          <input
            type="radio"
            name={`${id}-privacy`}
            checked={privacy === "PUBLIC"}
            onChange={() => setPrivacy("PUBLIC")}
          />
          Public: anyone can join
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-privacy`}
            checked={privacy === "PRIVATE"}
            onChange={() => setPrivacy("PRIVATE")}
          />
          Private: members only
        </label>
      </fieldset>
      {people.length > 0 && (
        <fieldset>
          <legend>Members</legend>
          {people.map((person) => (
            <label key={person.arn}>
              <input
                type="checkbox"
                checked={members.includes(person.arn)}
                onChange={(event) =>
                  setMembers((chosen) =>
                    event.target.checked ? [...chosen, person.arn] : chosen.filter((arn) => arn !== person.arn),
                  )
                }
              />
              {person.name}
            </label>
          ))}
        </fieldset>
      )}
      <div className="actions">
        <button type="submit" disabled={loading}>
          Create
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
