import { useState, type FormEvent } from "react";
import { SignInError, type CognitoAuth } from "./cognito";

interface Props {
  auth: CognitoAuth;
  hint?: string;
  /** Why the user is here again (e.g. the session ended). */
  notice?: string;
  onSignedIn: () => void;
}

export function SignIn({ auth, hint, notice, onSignedIn }: Props) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SignInError | undefined>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await auth.signIn(username.trim(), password);
      onSignedIn();
    } catch (failure) {
      setError(failure instanceof SignInError ? failure : new SignInError(String(failure)));
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <h1>chime-chat</h1>
      <form onSubmit={(event) => void submit(event)} aria-describedby={hint ? "sign-in-hint" : undefined}>
        <h2>Sign in</h2>
        {notice && <p className="notice">{notice}</p>}
        <label htmlFor="username">Email</label>
        <input
          id="username"
          name="username"
          type="email"
          autoComplete="username"
          required
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        {error && (
          <p className="error" role="alert">
            {error.message}
            {error.requestId && <span className="request-id"> Request id: {error.requestId}</span>}
          </p>
        )}
        {hint && (
          <p id="sign-in-hint" className="hint">
            {hint}
          </p>
        )}
      </form>
    </main>
  );
}
