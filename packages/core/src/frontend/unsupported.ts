// Why a code object stays with the interpreter. The reason is recorded per function and shown by
// `pyjc ir`, `pyjc compile --json` and `--stats`, so it is short, stable and greppable: the stdlib
// sweep counts functions by reason.

export class Unsupported extends Error {
  override readonly name = "Unsupported";
  constructor(readonly reason: string) {
    super(reason);
  }
}
