/**
 * The local AWS account: its access keys, the roles of chime-chat-api with the policies from
 * `policies/`, and STS sessions. It answers "who holds this access key, and what may they do".
 *
 * Keys: a developer key with full access (like an account administrator, for bootstrap and tools),
 * a server key bound to the server role (what the API's Lambda role is on AWS), a moderation key bound
 * to the moderation processor's role (its Lambda role), and the temporary keys STS vends. Keys are
 * generated on first start and kept in the store. With `moderation` on (the deployment's `moderation`
 * parameter), the server and user roles get their moderation policies too, as deploy/moderation.js
 * attaches them on AWS.
 */
import { createHash, randomBytes } from "node:crypto";
import { renderPolicy, type PolicyName, type PolicyParameters } from "../../policies";
import { parsePolicy, type PolicyDocument } from "../iam/policy";
import type { StoredCredential } from "../sigv4/verify";
import type { Store, StsSessionRow } from "../store/store";
import type { Principal } from "./principal";

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface Role {
  arn: string;
  name: string;
  /** `AROA...`: the RoleId in `aws:userid` and AssumedRoleId. */
  roleId: string;
  identityPolicies: PolicyDocument[];
  trustPolicy?: PolicyDocument;
  maxSessionDurationSeconds: number;
}

export interface AccountConfig {
  accountId: string;
  serverRoleName: string;
  userRoleName: string;
  sessionTagKey: string;
  /** Maximum session duration of the user role (AWS's default is one hour). */
  userRoleMaxSessionSeconds: number;
  /** Replaces documents of policies/ (same placeholders), e.g. to try a narrower server policy. */
  policyTemplates?: Partial<Record<PolicyName, string>>;
  /** The ids the user role may never act as: the backend user's (bootstrap's) first. */
  reservedUserIds: string[];
  /** The per-user rate limit table the server role may write (the DynamoDB emulator's, not IAM-checked there). */
  rateLimitTableName: string;
  moderationRoleName: string;
  /** The table of the moderation processor's denials (the DynamoDB emulator's). */
  moderationDecisionsTableName: string;
  /** The moderation policies of the server and user roles are in force. */
  moderation: boolean;
  /**
   * Not an AWS setting (tests of clients' credential refresh only): STS sessions end after at most this
   * many seconds, whatever DurationSeconds asked (still checked: 900 to the role's maximum). AWS's
   * sessions last at least 15 minutes, too long for a test to wait for a refresh.
   */
  sessionLifetimeCapSeconds?: number;
}

export const defaultAccountConfig: Omit<AccountConfig, "accountId"> = {
  serverRoleName: "chime-chat-api-server",
  userRoleName: "chime-chat-api-user",
  sessionTagKey: "my_applications_user_id",
  userRoleMaxSessionSeconds: 3600,
  reservedUserIds: ["backend_worker"],
  rateLimitTableName: "chime-chat-api-rate-limits",
  moderationRoleName: "chime-chat-api-moderation",
  moderationDecisionsTableName: "chime-chat-api-moderation-decisions",
  moderation: false,
};

const ALLOW_EVERYTHING = parsePolicy(
  { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
  "identity",
);

function uniqueId(prefix: string, seed: string): string {
  // IAM unique ids: a 4-letter prefix and 17 upper-case alphanumerics.
  const digest = createHash("sha256")
    .update(seed)
    .digest("hex")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "");
  return (prefix + digest).slice(0, 21);
}

export function randomAccessKeyId(prefix: "AKIA" | "ASIA"): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  return prefix + [...randomBytes(16)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

export function randomSecret(): string {
  return randomBytes(30).toString("base64");
}

const MAX_CACHED_SESSION_POLICIES = 256;

export class LocalAccount {
  readonly developerKey: AccessKey;
  readonly serverKey: AccessKey;
  readonly moderationKey: AccessKey;

  constructor(
    private readonly store: Store,
    readonly config: AccountConfig,
  ) {
    this.developerKey = this.persistentKey("developerKey");
    this.serverKey = this.persistentKey("serverKey");
    this.moderationKey = this.persistentKey("moderationKey");
    this.appInstance = store.getSetting("appInstanceArn");
    this.pushApp = store.getSetting("pushAppArn");
  }

  private persistentKey(name: string): AccessKey {
    const stored = this.store.getSetting(name);
    if (stored) return JSON.parse(stored) as AccessKey;
    const key = { accessKeyId: randomAccessKeyId("AKIA"), secretAccessKey: randomSecret() };
    this.store.putSetting(name, JSON.stringify(key));
    return key;
  }

  roleArn(name: string): string {
    return `arn:aws:iam::${this.config.accountId}:role/${name}`;
  }

  get serverRoleArn(): string {
    return this.roleArn(this.config.serverRoleName);
  }

  get userRoleArn(): string {
    return this.roleArn(this.config.userRoleName);
  }

  get moderationRoleArn(): string {
    return this.roleArn(this.config.moderationRoleName);
  }

  /**
   * The app instance the role policies name. Until it is set (by the stack's bootstrap), the roles'
   * policies cannot be rendered and the roles are allowed nothing; the developer key still works.
   */
  get appInstanceArn(): string | undefined {
    return this.appInstance;
  }

  setAppInstanceArn(arn: string): void {
    this.store.putSetting("appInstanceArn", arn);
    this.appInstance = arn;
    this.renderedPolicies.clear();
    this.roles.clear();
  }

  /**
   * The push application the roles may register devices with (policies/*-push.json), as a deployment
   * with push configured grants it. Until it is set, the roles get no push permission at all.
   */
  get pushAppArn(): string | undefined {
    return this.pushApp;
  }

  setPushAppArn(arn: string): void {
    this.store.putSetting("pushAppArn", arn);
    this.pushApp = arn;
    this.renderedPolicies.clear();
    this.roles.clear();
  }

  // Read once and kept in memory: the hot path (every request) does no store reads for these.
  private appInstance: string | undefined;
  private pushApp: string | undefined;
  private readonly renderedPolicies = new Map<PolicyName, PolicyDocument>();
  private readonly roles = new Map<string, Role | undefined>();
  /**
   * Session policies parsed, by their text: a session's policy is read again on each of its calls, and
   * parsing is pure (AssumeRole validated the text already). Bounded: emptied when full.
   */
  private readonly sessionPolicies = new Map<string, PolicyDocument>();

  private policy(name: PolicyName): PolicyDocument | undefined {
    const appInstanceArn = this.appInstanceArn;
    if (appInstanceArn === undefined) return undefined;
    let policy = this.renderedPolicies.get(name);
    if (!policy) {
      // The app instance's region (arn:aws:chime:<region>:...), the tables' too.
      const tableArn = (table: string) =>
        `arn:aws:dynamodb:${appInstanceArn.split(":")[3]}:${this.config.accountId}:table/${table}`;
      const parameters: PolicyParameters = {
        AppInstanceArn: appInstanceArn,
        SessionTagKey: this.config.sessionTagKey,
        ServerRoleArn: this.serverRoleArn,
        UserRoleArn: this.userRoleArn,
        RateLimitTableArn: tableArn(this.config.rateLimitTableName),
        ReservedUserIds: this.config.reservedUserIds,
        PushAppArn: this.pushApp,
        ModerationDecisionsTableArn: tableArn(this.config.moderationDecisionsTableName),
      };
      const rendered = renderPolicy(name, parameters, this.config.policyTemplates?.[name]);
      policy = parsePolicy(rendered, name === "user-role-trust" ? "resource" : "identity");
      this.renderedPolicies.set(name, policy);
    }
    return policy;
  }

  /** The roles this account has, by ARN. */
  role(arn: string): Role | undefined {
    if (!this.roles.has(arn)) this.roles.set(arn, this.defineRole(arn));
    return this.roles.get(arn);
  }

  private defineRole(arn: string): Role | undefined {
    const policies = (name: PolicyName) => {
      const policy = this.policy(name);
      return policy ? [policy] : [];
    };
    // With a push application, each role gets its push document besides its own.
    const withPush = (name: "server-role" | "user-role") =>
      this.pushApp === undefined ? policies(name) : [...policies(name), ...policies(`${name}-push`)];
    const moderation = (name: PolicyName) => (this.config.moderation ? policies(name) : []);
    if (arn === this.serverRoleArn) {
      return {
        arn,
        name: this.config.serverRoleName,
        roleId: uniqueId("AROA", arn),
        identityPolicies: [...withPush("server-role"), ...moderation("server-role-moderation")],
        maxSessionDurationSeconds: 3600,
      };
    }
    if (arn === this.userRoleArn) {
      return {
        arn,
        name: this.config.userRoleName,
        roleId: uniqueId("AROA", arn),
        identityPolicies: [...withPush("user-role"), ...moderation("user-role-moderation")],
        trustPolicy: this.policy("user-role-trust"),
        maxSessionDurationSeconds: this.config.userRoleMaxSessionSeconds,
      };
    }
    if (arn === this.moderationRoleArn) {
      return {
        arn,
        name: this.config.moderationRoleName,
        roleId: uniqueId("AROA", arn),
        identityPolicies: policies("moderation-processor-role"),
        maxSessionDurationSeconds: 3600,
      };
    }
    return undefined;
  }

  /** The signing secret (and token, expiry) behind an access key, for SigV4 verification. */
  credential(accessKeyId: string): StoredCredential | undefined {
    for (const key of [this.developerKey, this.serverKey, this.moderationKey]) {
      if (key.accessKeyId === accessKeyId) return { secretAccessKey: key.secretAccessKey };
    }
    const session = this.store.getStsSession(accessKeyId);
    if (!session) return undefined;
    return {
      secretAccessKey: session.secretAccessKey,
      sessionToken: session.sessionToken,
      expiresAt: new Date(session.expiresAt),
    };
  }

  /** Who holds an access key whose signature was verified. */
  principal(accessKeyId: string): Principal | undefined {
    const { accountId } = this.config;
    if (accessKeyId === this.developerKey.accessKeyId) {
      const arn = `arn:aws:iam::${accountId}:user/local-developer`;
      return {
        arn,
        arns: [arn],
        accountId,
        userId: uniqueId("AIDA", arn),
        username: "local-developer",
        identityPolicies: [ALLOW_EVERYTHING],
        tags: {},
        transitiveTagKeys: [],
      };
    }
    if (accessKeyId === this.serverKey.accessKeyId) {
      // On AWS the API runs as a session of its Lambda role; the server key stands for that session.
      const role = this.role(this.serverRoleArn) as Role;
      return this.sessionPrincipal(role, "local-server", {}, [], undefined);
    }
    if (accessKeyId === this.moderationKey.accessKeyId) {
      // The moderation processor's Lambda role, as the server key stands for the API's.
      const role = this.role(this.moderationRoleArn) as Role;
      return this.sessionPrincipal(role, "local-moderation", {}, [], undefined);
    }
    const session = this.store.getStsSession(accessKeyId);
    const role = session && this.role(session.roleArn);
    if (!session || !role) return undefined;
    return this.sessionPrincipal(
      role,
      session.sessionName,
      JSON.parse(session.tags) as Record<string, string>,
      JSON.parse(session.transitiveTagKeys) as string[],
      session.sessionPolicy === null ? undefined : [this.sessionPolicy(session.sessionPolicy)],
    );
  }

  private sessionPolicy(text: string): PolicyDocument {
    let policy = this.sessionPolicies.get(text);
    if (!policy) {
      policy = parsePolicy(text, "identity");
      if (this.sessionPolicies.size >= MAX_CACHED_SESSION_POLICIES) this.sessionPolicies.clear();
      this.sessionPolicies.set(text, policy);
    }
    return policy;
  }

  private sessionPrincipal(
    role: Role,
    sessionName: string,
    tags: Record<string, string>,
    transitiveTagKeys: string[],
    sessionPolicies: PolicyDocument[] | undefined,
  ): Principal {
    const { accountId } = this.config;
    const arn = `arn:aws:sts::${accountId}:assumed-role/${role.name}/${sessionName}`;
    return {
      arn,
      arns: [arn, role.arn],
      accountId,
      userId: `${role.roleId}:${sessionName}`,
      roleArn: role.arn,
      identityPolicies: role.identityPolicies,
      sessionPolicies,
      tags,
      transitiveTagKeys,
    };
  }

  saveSession(session: StsSessionRow): void {
    this.store.insertStsSession(session);
  }
}
