import { ChimeServiceError } from "../chime/errors";

/** A method and path that no operation of either model uses; AWS answers UnknownOperationException. */
export class UnknownOperationError extends ChimeServiceError {
  constructor(method: string, path: string) {
    super("UnknownOperationException", "UnknownOperation", 404, `No operation matches ${method} ${path}.`);
  }
}
