import { useEffect, useState, useSyncExternalStore } from "react";
import type { ConnectionState, Realtime } from "../realtime";

const LOADING: ConnectionState = { status: "connecting" };

function useConnectionState(realtime: Realtime | undefined): ConnectionState {
  return useSyncExternalStore(
    (listener) => realtime?.subscribe(listener) ?? (() => undefined),
    () => realtime?.state ?? LOADING,
  );
}

/** Seconds until `at`, ticking. */
function useSecondsUntil(at: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [at]);
  return at === undefined ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

export function ConnectionStatus({ realtime }: { realtime: Realtime | undefined }) {
  const state = useConnectionState(realtime);
  const seconds = useSecondsUntil(state.status === "failed" ? state.retryAt : undefined);
  const text =
    state.status === "failed"
      ? `Not live. ${state.message} Retrying in ${seconds} s.`
      : state.status === "live"
        ? "Live"
        : state.status === "connecting"
          ? "Connecting…"
          : state.status === "reconnecting"
            ? "Reconnecting…"
            : "Offline: new messages will appear when you are back";
  return (
    <p className={`connection ${state.status}`} role="status" data-status={state.status}>
      {text}
    </p>
  );
}
