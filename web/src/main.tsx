import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { loadConfig } from "./config";
import "./styles.css";

const root = createRoot(document.getElementById("root") as HTMLElement);
loadConfig().then(
  (config) =>
    root.render(
      <StrictMode>
        <App config={config} />
      </StrictMode>,
    ),
  (error: unknown) =>
    root.render(
      <main className="sign-in">
        <h1>chime-chat</h1>
        <p className="error" role="alert">
          The client is not configured: {error instanceof Error ? error.message : String(error)}
        </p>
      </main>,
    ),
);
