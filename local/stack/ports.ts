/** Ports: checked free before anything starts, so a clash names the port and its variable. */
import { createServer } from "node:net";
import type { PortSetting } from "./settings";

export class PortInUseError extends Error {
  constructor(readonly settings: PortSetting[]) {
    super(
      settings
        .map(
          ({ label, variable, port }) =>
            `Port ${port} (${label}) is already in use. Stop what holds it, or set ${variable} to another port, e.g. ${variable}=${port + 1} npm start.`,
        )
        .join("\n"),
    );
    this.name = "PortInUseError";
  }
}

/** Resolves false when something already listens on host:port. */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE" || error.code === "EACCES") resolve(false);
      else reject(error);
    });
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** Throws a PortInUseError naming every port that is taken. */
export async function checkPortsFree(host: string, settings: PortSetting[]): Promise<void> {
  const free = await Promise.all(settings.map((setting) => isPortFree(host, setting.port)));
  const taken = settings.filter((_, index) => !free[index]);
  if (taken.length > 0) throw new PortInUseError(taken);
}

/** A port the system says is free now (for tests and the smoke run). */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
