import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { CognitoAuth } from "./auth/cognito";
import { SignIn } from "./auth/SignIn";
import type { AppConfig } from "./config";

// The chat (Apollo, the realtime module, amazon-chime-sdk-js) loads only after sign-in.
const Chat = lazy(() => import("./chat/Chat"));

export function App({ config }: { config: AppConfig }) {
  const auth = useMemo(() => new CognitoAuth(config), [config]);
  const [signedIn, setSignedIn] = useState(auth.isSignedIn);
  const [notice, setNotice] = useState<string | undefined>();
  useEffect(
    () =>
      auth.onSessionEnded((reason) => {
        setNotice(reason);
        setSignedIn(false);
      }),
    [auth],
  );

  if (!signedIn) {
    return (
      <SignIn
        auth={auth}
        hint={config.signInHint}
        notice={notice}
        onSignedIn={() => {
          setNotice(undefined);
          setSignedIn(true);
        }}
      />
    );
  }
  return (
    <Suspense
      fallback={
        <p className="loading" role="status">
          Loading the chat…
        </p>
      }
    >
      <Chat
        config={config}
        auth={auth}
        onSignOut={() => {
          auth.signOut();
          setSignedIn(false);
        }}
      />
    </Suspense>
  );
}
