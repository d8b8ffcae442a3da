/** The caller, users and the DateTime scalar. */
import type { Resolvers } from "../generated/resolvers";
import { DateTime } from "../scalars";
import { required } from "./shared";

/** The user id is the last part of an AppInstanceUser (or bot) ARN. */
function idOf(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1);
}

export const baseResolvers: Resolvers = {
  DateTime,
  Query: {
    me: (_parent, _args, context) => context.identity,
  },
  Me: {
    id: (me) => me.bearer,
    arn: (me) => me.bearer,
    userId: (me) => me.sub,
    name: (me) => me.name,
    isAdmin: (me) => me.isAdmin,
  },
  User: {
    id: (user) => required(user.Arn, "a user ARN"),
    arn: (user) => required(user.Arn, "a user ARN"),
    userId: (user) => idOf(required(user.Arn, "a user ARN")),
    name: (user) => user.Name ?? null,
  },
};
