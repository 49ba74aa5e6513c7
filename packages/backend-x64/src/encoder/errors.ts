/** An instruction that cannot be encoded: bad operand combination, size or range. */
export class EncodeError extends Error {
  override readonly name = "EncodeError";
}
