import { useApolloClient, useMutation, useQuery } from "@apollo/client/react";
import { useEffect, useState } from "react";
import type { MeQuery } from "../graphql/generated/graphql";
import { Members as MembersQuery } from "../realtime/documents";
import { AddMembers, Moderators } from "./documents";
import { useReportError } from "./errors";
import { knownUsers } from "./knownUsers";

export function Members({ channelArn, me }: { channelArn: string; me: MeQuery["me"] }) {
  const report = useReportError();
  const client = useApolloClient();
  const members = useQuery(MembersQuery, { variables: { channelArn }, fetchPolicy: "cache-and-network" });
  // Chime lets moderators (and admins) list moderators; others get FORBIDDEN, which only hides the list.
  const moderators = useQuery(Moderators, {
    variables: { channelArn },
    fetchPolicy: "cache-and-network",
    errorPolicy: "all",
  });
  const [add, adding] = useMutation(AddMembers, { refetchQueries: [MembersQuery] });
  const [chosen, setChosen] = useState("");

  useEffect(() => {
    if (members.error) report("Loading the members", members.error);
  }, [members.error, report]);

  const list = (members.data?.members.edges.map((edge) => edge.node.member) ?? []).sort((a, b) =>
    (a.name ?? a.userId).localeCompare(b.name ?? b.userId),
  );
  const moderatorArns = new Set(moderators.data?.moderators.edges.map((edge) => edge.node.moderator.arn) ?? []);
  const candidates = knownUsers(client.cache, me.arn).filter((user) => !list.some((member) => member.arn === user.arn));

  async function addChosen() {
    try {
      const { data } = await add({ variables: { input: { channelArn, memberArns: [chosen] } } });
      const refused = data?.addMembers.errors[0];
      if (refused) report("Adding the member", new Error(`Refused (${refused.code}).`));
      setChosen("");
    } catch (error) {
      report("Adding the member", error);
    }
  }

  return (
    <>
      <h2>Members</h2>
      <ul className="member-list">
        {list.map((member) => (
          <li key={member.arn}>
            {member.name ?? member.userId}
            {member.arn === me.arn && " (you)"}
            {moderatorArns.has(member.arn) && <span className="tag">moderator</span>}
          </li>
        ))}
      </ul>
      {candidates.length > 0 && (
        <div className="add-member">
          <label htmlFor="add-member">Add someone</label>
          <select id="add-member" value={chosen} onChange={(event) => setChosen(event.target.value)}>
            <option value="">Choose…</option>
            {candidates.map((user) => (
              <option key={user.arn} value={user.arn}>
                {user.name}
              </option>
            ))}
          </select>
          <button type="button" disabled={!chosen || adding.loading} onClick={() => void addChosen()}>
            Add
          </button>
        </div>
      )}
    </>
  );
}
