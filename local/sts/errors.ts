/** STS errors as the awsQuery protocol sends them: an XML `ErrorResponse` with a code and a message. */
export class StsError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly type: "Sender" | "Receiver" = "Sender",
  ) {
    super(message);
    this.name = code;
  }
}

/** Constraint failures, in the wording STS uses. */
export function validationError(message: string): StsError {
  return new StsError("ValidationError", 400, message);
}

export function constraintViolation(value: string, member: string, constraint: string): StsError {
  return validationError(
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}
