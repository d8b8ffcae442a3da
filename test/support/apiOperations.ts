/** GraphQL documents and small helpers shared by the API tests. */
import type { ApiServer, ApiUser, GraphQLResponse } from "./apiStack";

export const CHANNEL_FIELDS =
  "id arn name mode privacy metadata createdBy { id arn userId name } createdAt updatedAt lastMessageAt";
export const MESSAGE_FIELDS =
  "id channelArn messageId content metadata type sender { arn name } createdAt updatedAt editedAt redacted persistence status { value }";
export const PAGE_INFO = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor }";

export interface PageInfoData {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Page<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: PageInfoData;
}

export interface UserData {
  id?: string;
  arn: string;
  userId?: string;
  name?: string | null;
}

export interface ChannelData {
  id: string;
  arn: string;
  name: string;
  mode: string;
  privacy: string;
  metadata: string | null;
  createdBy: UserData | null;
  createdAt: string | null;
  updatedAt: string | null;
  lastMessageAt: string | null;
}

export interface MessageData {
  id: string;
  channelArn: string;
  messageId: string;
  content: string | null;
  metadata: string | null;
  type: string;
  sender: UserData | null;
  createdAt: string;
  updatedAt: string | null;
  editedAt: string | null;
  redacted: boolean;
  persistence: string | null;
  status: { value: string } | null;
}

/** The data of a response that must have no errors. */
export function dataOf<T>(response: GraphQLResponse<unknown>): T {
  if (response.body.errors?.length || response.status !== 200) {
    throw new Error(`Unexpected errors (HTTP ${response.status}): ${JSON.stringify(response.body.errors)}`);
  }
  return response.body.data as T;
}

/** The single error of a response, checked for its code and request id. */
export function errorOf(response: GraphQLResponse<unknown>, code: string) {
  const errors = response.body.errors ?? [];
  if (errors.length !== 1) throw new Error(`Expected one ${code} error, got ${JSON.stringify(response.body)}`);
  const error = errors[0];
  expect(error.extensions?.code).toBe(code);
  expect(error.extensions?.requestId).toBe(response.headers.get("x-request-id"));
  expect(error.extensions).not.toHaveProperty("stacktrace");
  return error;
}

export async function createChannel(
  api: ApiServer,
  user: ApiUser,
  input: Record<string, unknown> = {},
): Promise<ChannelData> {
  const response = await api.gql(
    user.token,
    `mutation($input: CreateChannelInput!) { createChannel(input: $input) { ${CHANNEL_FIELDS} } }`,
    { input: { name: "a channel", ...input } },
  );
  return dataOf<{ createChannel: ChannelData }>(response).createChannel;
}

export async function sendMessage(
  api: ApiServer,
  user: ApiUser,
  channelArn: string,
  input: Record<string, unknown> = {},
): Promise<{ messageId: string; message: MessageData | null }> {
  const response = await api.gql(
    user.token,
    `mutation($input: SendMessageInput!) {
       sendMessage(input: $input) { channelArn messageId status { value } message { ${MESSAGE_FIELDS} } }
     }`,
    { input: { channelArn, content: "hello", ...input } },
  );
  return dataOf<{ sendMessage: { messageId: string; message: MessageData | null } }>(response).sendMessage;
}

/** Makes the user's AppInstanceUser exist (first use), as any request does. */
export async function signIn(api: ApiServer, user: ApiUser): Promise<void> {
  dataOf<unknown>(await api.gql(user.token, "{ me { id } }"));
}

/** Asymmetric matchers typed as what they match (jest types them `any`). */
export const anyString = expect.any(String) as string;
export const matching = (pattern: RegExp | string) => expect.stringMatching(pattern) as string;
export const containing = (text: string) => expect.stringContaining(text) as string;
