/**
 * Chime SDK messaging and identity (restJson1). A request is authenticated (SigV4), routed by the
 * official models, bound to the operation's input, validated against the models' constraints,
 * authorized (IAM), and handed to the operation; its result or error goes back as Chime sends it.
 *
 * The order is AWS's: a request that fails validation is a 400 whoever sends it, before IAM is asked,
 * so a malformed ARN is a BadRequestException and never a 401, 403 or 404. An operation of the models
 * that the endpoint does not implement answers 501 naming itself where its handler would run, after
 * validation and IAM: those come from the models and the policies, so they are AWS's for every
 * operation, implemented or not (a malformed call is a 400 and a call the caller may not make a 403,
 * as on AWS); only a call that AWS would carry out meets the 501.
 */
import { BadRequestError, ChimeServiceError, NotImplementedError, ServiceFailureError } from "../chime/errors";
import type { OperationHandlers } from "../chime/services";
import type { Guard } from "../guard/guard";
import { SigV4Error } from "../sigv4/verify";
import { validationMessage } from "../smithy/validate";
import { chimeAuthError } from "./authErrors";
import { UnknownOperationError } from "./errors";
import type { Faults } from "../faults/faults";
import { applyFault, ConnectionDropped } from "./faultInjection";
import { operationModels } from "./model";
import { DROPPED, type InternalErrorListener, type ProtocolHandler } from "./protocol";
import { Router } from "./router";
import { bindRequest, toJson } from "./wire";

export function createChimeProtocol(options: {
  handlers: OperationHandlers;
  guard: Guard;
  onInternalError?: InternalErrorListener;
  faults?: Faults;
}): ProtocolHandler {
  const router = new Router(operationModels);
  const { guard, handlers } = options;
  return {
    async handle(request, context, trace) {
      const principal = guard.authenticate(request, "chime");
      const match = router.match(request.method, request.rawPath, request.query);
      if (!match) throw new UnknownOperationError(request.method, request.rawPath);
      const { operation } = match;
      trace.operation = operation.name;
      // Faults on demand come after the signature and the route, before anything else (local/faults).
      const fault = options.faults?.take(operation.name);
      await applyFault(fault, "restJson1", "before");
      const input = bindRequest(operation, {
        labels: match.labels,
        query: request.query,
        headers: request.headers,
        body: request.body,
      });
      const violations = operation.validate(input);
      if (violations.length > 0) throw new BadRequestError(validationMessage(violations));
      // IAM after validation and before the operation: a caller not allowed an action learns nothing more.
      guard.authorize(principal, operation.name, input);
      const handler = handlers[operation.name];
      if (!handler) throw new NotImplementedError(operation.service, operation.name);
      const output = await handler(input as never, context);
      await applyFault(fault, "restJson1", "after");
      const body = operation.successStatus === 204 ? undefined : JSON.stringify(toJson(operation.output, output));
      return { status: operation.successStatus, body, contentType: "application/json" };
    },

    errorReply(error, requestId) {
      if (error instanceof ConnectionDropped) return DROPPED;
      const chimeError =
        error instanceof ChimeServiceError
          ? error
          : error instanceof SigV4Error
            ? chimeAuthError(error.kind, error.message)
            : new ServiceFailureError();
      if (chimeError instanceof ServiceFailureError && !(error instanceof ChimeServiceError)) {
        options.onInternalError?.(error, requestId);
      }
      return {
        status: chimeError.status,
        body: JSON.stringify({ Code: chimeError.code, Message: chimeError.message }),
        contentType: "application/json",
        errorType: chimeError.errorType,
      };
    },
  };
}
