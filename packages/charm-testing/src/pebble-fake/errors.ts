/** An error the fake answers with Pebble's error envelope. */
export class FakePebbleApiError extends Error {
  override readonly name = "FakePebbleApiError";
  constructor(
    readonly statusCode: number,
    message: string,
    readonly kind?: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, kind?: string): FakePebbleApiError =>
  new FakePebbleApiError(400, message, kind);
