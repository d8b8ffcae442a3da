/**
 * `npm run deploy:check`: packages the stack offline (`osls package`, no AWS credentials) and checks
 * each template (deploy/templateChecks.ts), before anyone runs `deploy`. Exits 1 on an error: a
 * parameter refused while packaging, or an error finding.
 *
 *   npm run deploy:check                       every stage variant below
 *   npm run deploy:check -- --stage prod --region eu-central-1 --param="corsOrigins=https://chat.example.com"
 *                                              exactly the deploy you are about to run
 */
import { rmSync } from "node:fs";
import { ACCEPTED, checkTemplate, type Finding } from "./templateChecks";
import { packageStack, PackageError } from "./package";

interface Variant {
  name: string;
  args: string[];
}

const EXAMPLE_ACCOUNT = "123456789012";

/** The shapes a deploy takes: what each parameter turns on is packaged at least once. */
export const VARIANTS: Variant[] = [
  {
    name: "dev (a throwaway stage: everything made by the stack, retain=false)",
    args: ["--stage", "dev", "--param=retain=false"],
  },
  {
    name: "prod (made user pool with required MFA and SES, alarms, reserved concurrency, moderation)",
    args: [
      "--stage",
      "prod",
      "--region",
      "eu-central-1",
      "--param=corsOrigins=https://chat.example.com",
      "--param=mfa=required",
      `--param=sesIdentityArn=arn:aws:ses:eu-central-1:${EXAMPLE_ACCOUNT}:identity/chat.example.com`,
      "--param=sesFromAddress=Chat <no-reply@chat.example.com>",
      `--param=alarmTopicArn=arn:aws:sns:eu-central-1:${EXAMPLE_ACCOUNT}:chime-chat-ops`,
      "--param=reservedConcurrency=100",
      "--param=moderation=true",
      "--param=moderationWords=darn,heck",
    ],
  },
  {
    name: "prod on an existing user pool and app instance, traced, no dashboard",
    args: [
      "--stage",
      "prod",
      "--region",
      "us-east-1",
      "--param=corsOrigins=https://chat.example.com",
      "--param=userPoolId=us-east-1_Example1",
      "--param=userPoolClientId=exampleclient123",
      `--param=adoptAppInstanceArn=arn:aws:chime:us-east-1:${EXAMPLE_ACCOUNT}:app-instance/3f2a6c1e-8d4b-4e5f-9a0b-1c2d3e4f5a6b`,
      "--param=tracing=true",
      "--param=dashboard=false",
      `--param=alarmTopicArn=arn:aws:sns:us-east-1:${EXAMPLE_ACCOUNT}:chime-chat-ops`,
      "--param=reservedConcurrency=100",
    ],
  },
  {
    name: "prod with mobile push (APNs production and sandbox with VoIP, FCM)",
    args: [
      "--stage",
      "prod",
      "--region",
      "us-east-1",
      "--param=corsOrigins=https://chat.example.com",
      "--param=pushApnsSecret=chime-chat/apns",
      "--param=pushApnsEnvironments=production,sandbox",
      "--param=pushApnsVoip=true",
      `--param=pushFcmSecret=arn:aws:secretsmanager:us-east-1:${EXAMPLE_ACCOUNT}:secret:chime-chat/fcm-AbCdEf`,
      `--param=alarmTopicArn=arn:aws:sns:us-east-1:${EXAMPLE_ACCOUNT}:chime-chat-ops`,
      "--param=reservedConcurrency=100",
    ],
  },
];

function regionOf(args: string[]): string {
  const at = args.indexOf("--region");
  return at >= 0 ? args[at + 1] : "us-east-1";
}

function line(finding: Finding): string {
  return `  ${finding.severity === "error" ? "ERROR  " : "warning"} ${finding.check}${finding.resource ? ` (${finding.resource})` : ""}: ${finding.message}`;
}

async function checkVariant(variant: Variant): Promise<boolean> {
  console.log(`\n${variant.name}\n  osls package ${variant.args.join(" ")}`);
  const started = Date.now();
  try {
    const packaged = await packageStack(variant.args);
    try {
      const findings = checkTemplate(packaged.template, { region: regionOf(variant.args) });
      const errors = findings.filter((finding) => finding.severity === "error");
      console.log(
        `  packaged in ${((Date.now() - started) / 1000).toFixed(0)} s, ${Object.keys(packaged.template.Resources).length} resources: ` +
          `${errors.length} error(s), ${findings.length - errors.length} warning(s)`,
      );
      for (const finding of findings) console.log(line(finding));
      return errors.length === 0;
    } finally {
      rmSync(packaged.dir, { recursive: true, force: true });
    }
  } catch (error) {
    console.log(
      `  ERROR   ${error instanceof PackageError ? error.message.replace(/\n/g, "\n          ") : String(error)}`,
    );
    return false;
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const variants = args.length > 0 ? [{ name: "your deploy", args }] : VARIANTS;
  let ok = true;
  for (const variant of variants) ok = (await checkVariant(variant)) && ok;
  console.log("\nAccepted (checkov flags these; this stack does not follow them, on purpose):");
  for (const accepted of ACCEPTED) console.log(`  ${accepted.check}: ${accepted.reason}`);
  console.log(ok ? "\ndeploy:check passed" : "\ndeploy:check FAILED");
  process.exit(ok ? 0 : 1);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
