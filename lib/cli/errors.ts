/** An error the CLI reports as one paragraph, without a stack trace, and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    public readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Exit code for bad input (missing app, app error, invalid option). */
export const EXIT_USAGE = 2;
