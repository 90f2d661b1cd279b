/** What stops the demo, with a one-line message saying what to do. */
export class DemoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DemoError";
  }
}
