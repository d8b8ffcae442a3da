/**
 * cognito-local (from node_modules, unmodified: its own server, routes and data) listening on a Unix
 * socket instead of a TCP port: `node cognitoServer.js <socket path>`, run by cognito.ts with the data
 * folder as working directory (cognito-local keeps its data in ./.cognito). Nothing reaches it but the
 * guard in front of it (cognitoGuard.ts), which owns COGNITO_PORT. HOST and PORT in the environment
 * are the guard's address: cognito-local builds its tokens' issuer (`iss`) from them.
 * The line "Cognito Local running on <socket>" says it is ready, as cognito-local's own start says.
 */
/* global process, console */
"use strict";

/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, run as a plain node script */
const { createServer } = require("node:http");
const { rmSync } = require("node:fs");
const { dirname } = require("node:path");
const { createDefaultServer } = require("cognito-local");
// cognito-local's own logger packages, as its start script uses them.
const fromCognitoLocal = { paths: [dirname(require.resolve("cognito-local/package.json"))] };
const pino = require(require.resolve("pino", fromCognitoLocal));
const pinoPretty = require(require.resolve("pino-pretty", fromCognitoLocal));
/* eslint-enable @typescript-eslint/no-require-imports */

const socketPath = process.argv[2];
if (!socketPath) {
  console.error("Usage: node cognitoServer.js <socket path>");
  process.exit(2);
}

const logger = pino(
  { level: process.env.DEBUG ? "debug" : "info" },
  pinoPretty({ colorize: false, ignore: "pid,name,hostname", singleLine: true }),
);

createDefaultServer(logger)
  .then(({ application }) => {
    // A socket file left by a stack that was killed would make listen fail (EADDRINUSE).
    rmSync(socketPath, { force: true });
    const server = createServer(application);
    server.on("error", (error) => {
      logger.error(error);
      process.exit(1);
    });
    server.listen(socketPath, () => logger.info(`Cognito Local running on ${socketPath}`));
  })
  .catch((error) => {
    logger.error(error);
    process.exit(1);
  });
