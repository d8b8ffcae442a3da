/**
 * The chat, loaded after sign-in: the Apollo client, the live connection (the realtime module, loaded
 * on its own so the screens show while amazon-chime-sdk-js arrives), and the screens.
 */
import { ApolloProvider } from "@apollo/client/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { CognitoAuth } from "../auth/cognito";
import type { AppConfig } from "../config";
import type { Realtime } from "../realtime";
import { createApolloClient } from "./apollo";
import { ChatScreen } from "./ChatScreen";
import { describeError, ReportError, type ShownError } from "./errors";
import { RealtimeContext } from "./realtimeContext";

interface Props {
  config: AppConfig;
  auth: CognitoAuth;
  onSignOut: () => void;
}

let nextErrorId = 1;

export default function Chat({ config, auth, onSignOut }: Props) {
  const loadedChannels = useMemo(() => new Set<string>(), []);
  const client = useMemo(
    () => createApolloClient(config.graphqlUrl, auth, loadedChannels),
    [config.graphqlUrl, auth, loadedChannels],
  );
  const [realtime, setRealtime] = useState<Realtime | undefined>();
  const [errors, setErrors] = useState<ShownError[]>([]);

  const report = useCallback((action: string, error: unknown) => {
    const { message, requestId } = describeError(error);
    setErrors((shown) => [...shown.slice(-4), { id: nextErrorId++, action, message, requestId }]);
  }, []);

  useEffect(() => {
    let started: Realtime | undefined;
    let cancelled = false;
    import("../realtime").then(
      ({ startRealtime }) => {
        if (cancelled) return;
        started = startRealtime({
          client,
          loadedChannels,
          chimeEndpoint: config.chime?.endpoint,
          plainWebSocketHost: config.chime?.plainWebSocketHost,
        });
        setRealtime(started);
      },
      (error: unknown) => report("Loading the live connection", error),
    );
    return () => {
      cancelled = true;
      started?.stop();
    };
  }, [client, loadedChannels, config.chime?.endpoint, config.chime?.plainWebSocketHost, report]);

  return (
    <ApolloProvider client={client}>
      <ReportError.Provider value={report}>
        <RealtimeContext.Provider value={realtime}>
          <ChatScreen
            errors={errors}
            dismissError={(id) => setErrors((shown) => shown.filter((error) => error.id !== id))}
            onSignOut={() => {
              void client.clearStore();
              onSignOut();
            }}
          />
        </RealtimeContext.Provider>
      </ReportError.Provider>
    </ApolloProvider>
  );
}
