import { createContext, useContext } from "react";
import type { Realtime } from "../realtime";

/** The live connection, once its module has loaded (undefined before). */
export const RealtimeContext = createContext<Realtime | undefined>(undefined);

export function useRealtime(): Realtime | undefined {
  return useContext(RealtimeContext);
}
