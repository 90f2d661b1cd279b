/** An operator error: printed as `ERROR <message>` with exit code 1, as juju does. */
export class JujuLocalError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "JujuLocalError";
  }
}
