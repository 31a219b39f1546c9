/** A command used wrongly: exit code 2 and a pointer to --help. */
export class UsageError extends Error {}
