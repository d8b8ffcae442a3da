/**
 * The local stack: cognito-local (child), the local AWS endpoint (in this process, on its SQLite
 * file) and the API under sls offline (child), bootstrapped and checked end to end before it is
 * called ready. `stop()` ends every part that was started, whatever point the start had reached.
 */
import { ChimeSDKIdentityClient } from "@aws-sdk/client-chime-sdk-identity";
import { ChimeSDKMessagingClient } from "@aws-sdk/client-chime-sdk-messaging";
import { performance } from "node:perf_hooks";
import { rmSync } from "node:fs";
import { startLocalEndpoint, type LocalEndpoint } from "../endpoint/localEndpoint";
import { reachableHostNames, type ListenerTrust } from "../http/trust";
import { startApiGuard } from "./apiGuard";
import { slsOfflineInvoker } from "./lambdaInvoker";
import { bootstrapChime, type ChimeBootstrap } from "./bootstrap";
import { ensureLocalPushApp } from "./pushApp";
import { describeExit, type Child } from "./children";
import { startLocalDynamo, type LocalDynamo } from "./dynamo";
import {
  bootstrapCognito,
  cognitoClient,
  signIn,
  startCognito,
  waitForCognito,
  type CognitoBootstrap,
  type CognitoProcess,
} from "./cognito";
import { newCognitoAdminKey, startCognitoGuard } from "./cognitoGuard";
import type { GuardServer } from "./guardServer";
import { ADMIN_GROUP, DEMO_USERS, loadDemoPasswords } from "./demoUsers";
import { checkFirstQuery } from "./firstQuery";
import { apiEnvironment, startOfflineApi, waitForApi } from "./offlineApi";
import { checkPortsFree } from "./ports";
import { leftoverChildren, readProcessRecord, removeProcessRecord, writeProcessRecord } from "./processRecord";
import { allPorts, ensurePrivateDir, projectRoot, stackPaths, stackSockets, type StackSettings } from "./settings";
import { writeStackFile, type StackFile } from "./stackFile";
import { serveWebClient, startWebBuild, webBuildNeeded, webClientPaths, type WebClientServer } from "./webClient";

/** The processor of serverless.yml under sls offline: `<service>-<stage>-<function key>`. */
export const MODERATION_FUNCTION_NAME = "chime-chat-api-local-moderationProcessor";

export interface StartedStack {
  stack: StackFile;
  stackFilePath: string;
  created: string[];
  /** Seconds each phase took, in order. */
  phases: [string, number][];
}

/** What every phase of a start uses: the state folder's paths, the sockets, trust and keys. */
interface PreparedStart {
  paths: ReturnType<typeof stackPaths>;
  passwords: Record<string, string>;
  sockets: ReturnType<typeof stackSockets>;
  trust: ListenerTrust;
  cognitoAdminKey: ReturnType<typeof newCognitoAdminKey>;
}

/** The services the API depends on, started and answering. */
interface Services {
  cognito: CognitoProcess;
  endpoint: LocalEndpoint;
  dynamo: LocalDynamo;
}

/** What the bootstrap made or found. */
interface Bootstrapped {
  users: CognitoBootstrap;
  chime: ChimeBootstrap;
  pushApp: ReturnType<typeof ensureLocalPushApp>;
}

export interface StackLog {
  info(line: string): void;
  error(line: string): void;
}

export class LocalStack {
  private readonly children: Child[] = [];
  /** Set as soon as the endpoint starts, so a stop during the start still closes it. */
  private endpoint: Promise<LocalEndpoint> | undefined;
  private dynamo: Promise<LocalDynamo> | undefined;
  /** The guards on COGNITO_PORT and API_PORT, in front of cognito-local's and sls offline's sockets. */
  private readonly guards: Promise<GuardServer>[] = [];
  private stopping: Promise<void> | undefined;
  /** Once ready: the endpoint's request log and the API's output are shown. */
  private live = false;
  private crashListener: ((message: string) => void) | undefined;
  /** `<state>/processes.json`, once this start has written it (and only then removes it). */
  private processesFile: string | undefined;
  private web: WebClientServer | undefined;

  constructor(
    readonly settings: StackSettings,
    private readonly log: StackLog = { info: console.log, error: console.error },
  ) {}

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  /** Called once if a part ends on its own after the start (not when `stop()` ends it). */
  onCrash(listener: (message: string) => void): void {
    this.crashListener = listener;
  }

  private track(child: Child, label: string): Child {
    this.children.push(child);
    this.processesFile = stackPaths(this.settings.stateDir).processesFile;
    writeProcessRecord(this.processesFile, {
      launcherPid: process.pid,
      children: this.children.map(({ name, pid }) => ({ name, pid })),
    });
    void child.exited.then((exit) => {
      if (this.stopping || !this.live) return; // a failing start reports it itself
      const output = child.recentOutput();
      this.crashListener?.(
        `${label} ${describeExit(exit)} unexpectedly; stopping the stack.${output ? `\nIts last output:\n${output}` : ""}`,
      );
    });
    return child;
  }

  /** Each phase in turn, timed; the parts a phase starts are tracked, so `stop()` ends them whatever happened. */
  async start(): Promise<StartedStack> {
    const phases: [string, number][] = [];
    let mark = performance.now();
    const phase = (name: string) => {
      const now = performance.now();
      phases.push([name, (now - mark) / 1000]);
      mark = now;
    };

    const prepared = await this.prepare();
    // The web client builds (if its sources changed) while the rest starts.
    const webPaths = webClientPaths(projectRoot);
    const webBuild = this.buildWebClient(webPaths.distDir, webBuildNeeded(webPaths));
    webBuild.catch(() => undefined); // awaited (and reported) once the rest is up
    const services = await this.startServices(prepared);
    phase("cognito-local and the AWS endpoint");

    const { endpoint, cognito } = services;
    const cognitoApi = cognitoClient(cognito.url, this.settings.region, prepared.cognitoAdminKey);
    const developer = {
      endpoint: endpoint.url,
      region: this.settings.region,
      credentials: endpoint.account.developerKey,
      maxAttempts: 1,
    };
    const identity = new ChimeSDKIdentityClient(developer);
    const messaging = new ChimeSDKMessagingClient(developer);
    try {
      const boot = await this.bootstrap(prepared, endpoint, {
        cognitoApi,
        cognitoUrl: cognito.url,
        identity,
        messaging,
      });
      phase("bootstrap");

      const api = await this.startApi(prepared, services, boot);
      phase("sls offline");

      // End to end once: a real token, the API verifying it, the API calling the endpoint as alice.
      const first = boot.users.users[0];
      const { idToken } = await signIn(cognitoApi, boot.users.userPoolClientId, first.username, first.password);
      await this.withOutputOnFailure(api.child, "the API", () =>
        checkFirstQuery(api.graphqlUrl, idToken, boot.chime.userArns[first.sub], first.username, (line) =>
          this.log.info(line),
        ),
      );
      phase("first query");

      await webBuild;
      this.web = await this.serveWebClient(webPaths.distDir, services, boot, api.graphqlUrl);
      phase("web client");

      const stack = this.stackFile(prepared, services, boot, api.graphqlUrl, this.web.url);
      writeStackFile(prepared.paths.stackFile, stack);
      this.live = true;
      api.child.echo(true);
      const certificate = endpoint.tlsCertificateCreated ? ["a TLS certificate (clients must trust it again)"] : [];
      return {
        stack,
        stackFilePath: prepared.paths.stackFile,
        created: [
          ...boot.users.created,
          ...boot.chime.created,
          ...(boot.pushApp.created ? ["push app"] : []),
          ...certificate,
        ],
        phases,
      };
    } finally {
      cognitoApi.destroy();
      identity.destroy();
      messaging.destroy();
    }
  }

  /** The state folder, what an earlier start left running, the ports, and this start's trust and keys. */
  private async prepare(): Promise<PreparedStart> {
    const { settings } = this;
    ensurePrivateDir(settings.stateDir);
    const paths = stackPaths(settings.stateDir);
    // Children stop by themselves when their launcher is gone; say so if some did not.
    const leftovers = leftoverChildren(readProcessRecord(paths.processesFile));
    if (leftovers.length > 0) {
      this.log.error(
        `An earlier npm start on ${settings.stateDir} ended without stopping ${leftovers
          .map(({ name, pid }) => `${name} (process group ${pid})`)
          .join(" and ")}; if they hold its ports, stop them: ${leftovers
          .map(({ pid }) => `kill -- -${pid}`)
          .join("; ")}`,
      );
    }
    await checkPortsFree(settings.host, allPorts(settings));
    return {
      paths,
      passwords: loadDemoPasswords(paths.demoUsersFile),
      sockets: stackSockets(settings.stateDir),
      // Web pages and rebinding names are kept out of cognito-local and the API (local/http/trust.ts).
      trust: {
        hostNames: reachableHostNames(settings.host, settings.tlsHosts),
        origins: new Set(settings.devOrigins),
      },
      cognitoAdminKey: newCognitoAdminKey(),
    };
  }

  /** cognito-local behind its guard, the AWS endpoint and the DynamoDB emulator, each answering. */
  private async startServices({ paths, sockets, trust, cognitoAdminKey }: PreparedStart): Promise<Services> {
    const { settings } = this;
    const { host, ports, region } = settings;
    const cognito = startCognito({
      host,
      port: ports.cognito.port,
      socketPath: sockets.cognito,
      dataDir: paths.cognitoDir,
      verbose: settings.verbose,
    });
    this.track(cognito.child, "cognito-local");
    this.guard(
      startCognitoGuard({
        host,
        port: ports.cognito.port,
        upstreamSocket: sockets.cognito,
        trust,
        adminKey: cognitoAdminKey,
      }),
    );
    this.endpoint = startLocalEndpoint({
      databasePath: paths.awsDatabase,
      host,
      port: ports.aws.port,
      tls: { port: ports.awsTls.port, directory: paths.tlsDir, hosts: settings.tlsHosts },
      config: {
        region,
        accountId: settings.accountId,
        quotas: settings.endpoint.quotas,
        rateQuotas: settings.endpoint.rateQuotas,
      },
      faults: settings.endpoint.faults,
      account: {
        moderation: settings.moderation,
        ...(settings.stsSessionCapSeconds ? { sessionLifetimeCapSeconds: settings.stsSessionCapSeconds } : {}),
      },
      // Channel flows' processors are functions of serverless.yml, run by sls offline (once it is up).
      lambda: slsOfflineInvoker({ socketPath: sockets.lambda, region, accountId: settings.accountId }),
      log: ({ method, operation, status, errorType, durationMs }) => {
        if (this.live || settings.verbose)
          this.log.info(
            `[aws] ${method} ${operation ?? "-"} ${status}${errorType ? ` ${errorType}` : ""} ${durationMs.toFixed(1)}ms`,
          );
      },
      onInternalError: (error, requestId) => this.log.error(`[aws] request ${requestId} failed: ${String(error)}`),
    });
    const endpoint = await this.endpoint;
    this.dynamo = startLocalDynamo({
      host,
      port: ports.dynamo.port,
      path: paths.dynamoDir,
      table: endpoint.account.config.rateLimitTableName,
      otherTables: [endpoint.account.config.moderationDecisionsTableName],
    });
    const dynamo = await this.dynamo;
    await Promise.all(this.guards);
    await this.withOutputOnFailure(cognito.child, "cognito-local", () =>
      waitForCognito(cognito, settings.readyTimeoutMs),
    );
    return { cognito, endpoint, dynamo };
  }

  /** The demo users in cognito-local; the app instance, its users and channels; the push app. */
  private async bootstrap(
    { passwords }: PreparedStart,
    endpoint: LocalEndpoint,
    clients: {
      cognitoApi: ReturnType<typeof cognitoClient>;
      cognitoUrl: string;
      identity: ChimeSDKIdentityClient;
      messaging: ChimeSDKMessagingClient;
    },
  ): Promise<Bootstrapped> {
    const { region, accountId, moderation, moderationFallback } = this.settings;
    const users = await bootstrapCognito(clients.cognitoApi, clients.cognitoUrl, DEMO_USERS, passwords);
    const chime = await bootstrapChime({
      identity: clients.identity,
      messaging: clients.messaging,
      account: endpoint.account,
      users: users.users.map((user) => ({ sub: user.sub, name: user.username })),
      moderation: moderation
        ? {
            processorLambdaArn: `arn:aws:lambda:${region}:${accountId}:function:${MODERATION_FUNCTION_NAME}`,
            fallbackAction: moderationFallback,
          }
        : undefined,
    });
    return { users, chime, pushApp: ensureLocalPushApp(endpoint) };
  }

  /** The API under sls offline, behind its guard, answering GraphQL. */
  private async startApi(
    { paths, sockets, trust }: PreparedStart,
    { endpoint, dynamo }: Services,
    { users, chime, pushApp }: Bootstrapped,
  ): Promise<{ child: Child; graphqlUrl: string }> {
    const { settings } = this;
    const { host, ports, region } = settings;
    const graphqlUrl = `http://${host}:${ports.api.port}/graphql`;
    const { account } = endpoint;
    if (this.stopping) throw new Error("Stopped while starting.");
    // Sockets left by a stack that was killed would make sls offline fail to listen.
    for (const socket of [sockets.api, sockets.lambda]) rmSync(socket, { force: true });
    const api = startOfflineApi({
      projectRoot,
      region,
      env: apiEnvironment(process.env, {
        host,
        socket: sockets.api,
        lambdaSocket: sockets.lambda,
        buildDir: paths.apiBuildDir,
        corsOrigins: settings.devOrigins,
        region,
        awsEndpoint: endpoint.url,
        serverKey: account.serverKey,
        appInstanceArn: chime.appInstanceArn,
        backendUserArn: chime.backendUserArn,
        userRoleArn: account.userRoleArn,
        sessionTagKey: account.config.sessionTagKey,
        userPoolClientId: users.userPoolClientId,
        cognitoIssuer: users.issuer,
        cognitoJwksUri: users.jwksUri,
        adminGroup: ADMIN_GROUP,
        dynamoEndpoint: dynamo.url,
        rateLimitTable: account.config.rateLimitTableName,
        pushAppArn: pushApp.arn,
        moderation: chime.channelFlowArn
          ? {
              channelFlowArn: chime.channelFlowArn,
              decisionsTable: account.config.moderationDecisionsTableName,
              processorKey: account.moderationKey,
            }
          : undefined,
      }),
    });
    if (settings.verbose) api.echo(true);
    this.track(api, "sls offline (the API)");
    this.guard(
      startApiGuard({
        host,
        port: ports.api.port,
        upstreamSocket: sockets.api,
        trust,
        maxConcurrency: settings.apiMaxConcurrency,
        // Until the stack is ready, sls offline is still starting (and the start reports what failed).
        onFailure: (requestId, detail) => {
          if (this.live) this.log.error(`[api] request ${requestId} failed: ${detail}`);
        },
      }),
    );
    await Promise.all(this.guards);
    await this.withOutputOnFailure(api, "sls offline", () => waitForApi(graphqlUrl, api, settings.readyTimeoutMs));
    return { child: api, graphqlUrl };
  }

  /** web/dist on WEB_PORT, with the config.json of this stack. */
  private serveWebClient(
    distDir: string,
    { endpoint, cognito }: Services,
    { users }: Bootstrapped,
    graphqlUrl: string,
  ): Promise<WebClientServer> {
    const { host, ports, region } = this.settings;
    return serveWebClient({
      host,
      port: ports.web.port,
      distDir,
      config: {
        region,
        graphqlUrl,
        cognito: { userPoolClientId: users.userPoolClientId, authFlow: "USER_PASSWORD_AUTH", endpoint: cognito.url },
        chime: { endpoint: endpoint.url, plainWebSocketHost: new URL(endpoint.url).host },
        signInHint: `Local demo users: ${users.users.map((user) => user.username).join(", ")}; their passwords are in stack.json in npm start's state folder (users[].password).`,
      },
      extraConnect: endpoint.tlsUrl ? [endpoint.tlsUrl, `wss://${new URL(endpoint.tlsUrl).host}`] : [],
    });
  }

  /** `.local/stack.json`: what clients, tests and tools need to reach this stack. */
  private stackFile(
    { cognitoAdminKey }: PreparedStart,
    { endpoint, cognito }: Services,
    { users, chime, pushApp }: Bootstrapped,
    graphqlUrl: string,
    webUrl: string,
  ): StackFile {
    const { account } = endpoint;
    return {
      region: this.settings.region,
      graphqlUrl,
      awsEndpoint: endpoint.url,
      awsTlsEndpoint: endpoint.tlsUrl as string,
      messagingSessionEndpoint: endpoint.messagingSessionUrl,
      tlsCertificatePath: endpoint.tlsCertificatePath as string,
      cognitoEndpoint: cognito.url,
      userPoolId: users.userPoolId,
      userPoolClientId: users.userPoolClientId,
      appInstanceArn: chime.appInstanceArn,
      backendUserArn: chime.backendUserArn,
      userRoleArn: account.userRoleArn,
      sessionTagKey: account.config.sessionTagKey,
      credentials: { developer: account.developerKey, server: account.serverKey, cognitoAdmin: cognitoAdminKey },
      users: users.users.map((user) => ({
        username: user.username,
        password: user.password,
        sub: user.sub,
        userArn: chime.userArns[user.sub],
        admin: user.admin,
      })),
      accountId: account.config.accountId,
      serverRoleArn: account.serverRoleArn,
      cognitoIssuer: users.issuer,
      cognitoJwksUri: users.jwksUri,
      adminGroup: ADMIN_GROUP,
      welcomeChannelArn: chime.welcomeChannelArn,
      pushAppArn: pushApp.arn,
      pushOutboxUrl: endpoint.pushOutboxUrl,
      ...(chime.channelFlowArn ? { channelFlowArn: chime.channelFlowArn } : {}),
      webUrl,
      pid: process.pid,
      startedAt: new Date().toISOString(),
    };
  }

  private guard(started: Promise<GuardServer>): void {
    // Awaited where the start needs it; a failure must not count as an unhandled rejection before.
    started.catch(() => undefined);
    this.guards.push(started);
  }

  /** Builds web/dist when `reason` says it is needed (a child, tracked like the others); resolves when done. */
  private async buildWebClient(distDir: string, reason: string | undefined): Promise<void> {
    if (!reason) return;
    this.log.info(`Building the web client into ${distDir} (${reason})...`);
    const build = this.track(startWebBuild(projectRoot), "the web client's build");
    const exit = await build.exited;
    if (exit.code !== 0) {
      throw new Error(`The web client's build ${describeExit(exit)}.\nIts last output:\n${build.recentOutput()}`);
    }
  }

  /** Runs `wait`; if it fails, adds the child's last output to the error. */
  private async withOutputOnFailure<T>(child: Child, label: string, wait: () => Promise<T>): Promise<T> {
    try {
      return await wait();
    } catch (error) {
      const output = child.recentOutput();
      throw new Error(`${(error as Error).message}${output ? `\n${label}'s last output:\n${output}` : ""}`, {
        cause: error,
      });
    }
  }

  /**
   * Stops every part started so far: the guards (no new requests), the API (it calls the others), then
   * cognito-local, then the endpoint.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const guards = await Promise.all(this.guards.map((guard) => guard.catch(() => undefined)));
      for (const guard of guards) await guard?.close();
      await this.web?.close();
      const [api, ...others] = [...this.children].reverse();
      if (api) await api.stop();
      await Promise.all(others.map((child) => child.stop()));
      // Closes the WebSockets, the HTTP server and the SQLite database.
      const endpoint = await this.endpoint?.catch(() => undefined);
      await endpoint?.close();
      await (await this.dynamo?.catch(() => undefined))?.close();
      if (this.processesFile) removeProcessRecord(this.processesFile);
    })();
    return this.stopping;
  }

  /**
   * SIGKILL to every child's group still running, synchronously: for a launcher that exits without
   * a complete stop (process "exit" handlers cannot wait).
   */
  killNow(): void {
    for (const child of this.children) child.kill();
  }
}
