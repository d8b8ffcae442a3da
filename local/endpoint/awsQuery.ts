/**
 * STS (awsQuery): `POST /` with a form body naming the Action. The request is authenticated (SigV4),
 * its parameters are read by the official STS model and validated against its constraints, and the
 * action runs (local/sts); errors go back in STS's XML. As on Chime, validation comes before any
 * authorization (the trust policy and the caller's policy, inside AssumeRole), and an action of the
 * model that the endpoint does not implement answers 501 naming itself after validation. Actions the
 * model marks as called without a signature (`@auth([])`: AssumeRoleWithWebIdentity,
 * AssumeRoleWithSAML) are not asked for one.
 */
import type { Principal } from "../account/principal";
import { officialModels } from "../models";
import { SigV4Error } from "../sigv4/verify";
import { ValidatorCompiler, validationMessage } from "../smithy/validate";
import { StsError, validationError } from "../sts/errors";
import type { StsService } from "../sts/sts";
import { errorXml } from "../sts/xml";
import { stsAuthError } from "./authErrors";
import type { Faults } from "../faults/faults";
import { RequestTooLargeError } from "./errors";
import { applyFault, ConnectionDropped } from "./faultInjection";
import type { Guard } from "../guard/guard";
import { DROPPED, type InternalErrorListener, type ProtocolHandler } from "./protocol";
import { queryInput } from "./queryInput";

export function createStsProtocol(options: {
  sts: StsService;
  guard: Guard;
  onInternalError?: InternalErrorListener;
  faults?: Faults;
}): ProtocolHandler {
  const { sts, guard } = options;
  const model = officialModels().sts;
  const compiler = new ValidatorCompiler();
  const actions = new Map(
    model.operations.map((operation) => {
      const auth = operation.traits["smithy.api#auth"];
      const unsigned = Array.isArray(auth) && auth.length === 0;
      return [operation.name, { input: operation.input, validate: compiler.input(operation.input), unsigned }];
    }),
  );
  return {
    async handle(request, context, trace) {
      const params = new URLSearchParams(request.body.toString("utf8"));
      const action = params.get("Action") ?? undefined;
      trace.operation = action;
      const modelled = action === undefined ? undefined : actions.get(action);
      // The actions called without a signature are none of those implemented: they only get validated.
      const principal = modelled?.unsigned ? undefined : guard.authenticate(request, "sts");
      if (action !== undefined && modelled) {
        const violations = modelled.validate(queryInput(modelled.input, params));
        if (violations.length > 0) throw validationError(validationMessage(violations));
        if (!principal || !sts.actions.includes(action)) {
          throw new StsError(
            "NotImplemented",
            501,
            `${model.name}.${action} is not implemented by the local endpoint.`,
          );
        }
      }
      // Faults on demand come after the signature, before the action runs (local/faults).
      const fault = action === undefined ? undefined : options.faults?.take(action);
      await applyFault(fault, "awsQuery", "before");
      // An action the model does not know is STS's own InvalidAction, which the service answers.
      const body = sts.handle(request.body, principal as Principal, context.requestId);
      await applyFault(fault, "awsQuery", "after");
      return { status: 200, body, contentType: "text/xml" };
    },

    errorReply(error, requestId) {
      if (error instanceof ConnectionDropped) return DROPPED;
      const stsError =
        error instanceof StsError
          ? error
          : error instanceof SigV4Error
            ? stsAuthError(error.kind, error.message)
            : error instanceof RequestTooLargeError
              ? new StsError(error.code, error.status, error.message)
              : new StsError("InternalFailure", 500, "The local endpoint failed to process the request.", "Receiver");
      if (stsError.code === "InternalFailure") options.onInternalError?.(error, requestId);
      return {
        status: stsError.status,
        body: errorXml(stsError.type, stsError.code, stsError.message, requestId),
        contentType: "text/xml",
        errorType: stsError.code,
      };
    },
  };
}
