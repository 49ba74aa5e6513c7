// KNOWN_FAILURES: differences between the JIT and the interpreter that are reported bugs, not
// yet fixed. Every entry names the corpus function (`family.name`), a pattern that the mismatch
// text (or the "was not compiled" text) must match, and the bug. A hit does not fail the test but
// is printed in every run ("KNOWN_FAILURE hit: ..."), so it stays visible until it is fixed; then
// delete the entry. Never widen a pattern to make a different failure pass.

export interface KnownFailure {
  readonly id: string;
  readonly pattern: RegExp;
  readonly bug: string;
}

export const KNOWN_FAILURES: readonly KnownFailure[] = [
  // (none yet)
];
