// A label names a position in the output buffer: an instruction in the code, or an entry of the
// constant pool. Labels are created by an Assembler, which alone knows where they are bound; the
// object only carries an id (unique within its assembler) and a name for the listing.

export class Label {
  /** @internal Created through `Assembler.newLabel`. */
  constructor(
    readonly id: number,
    readonly name: string,
  ) {}

  toString(): string {
    return this.name;
  }
}
