import { describe, expect, it } from "vitest";

import {
  BytecodeError,
  decodeInstructions,
  instructionIndexAt,
  opcodeByName,
  type OpcodeName,
} from "../../src/bytecode/index.js";

/** Assembles [name, oparg] pairs into wordcode; caches are appended as zero units. */
function assemble(...ops: [OpcodeName, number][]): Uint8Array {
  const out: number[] = [];
  for (const [name, arg] of ops) {
    const info = opcodeByName(name);
    out.push(info.code, arg);
    for (let i = 0; i < info.cacheEntries; i++) out.push(0, 0);
  }
  return Uint8Array.from(out);
}

function fails(code: Uint8Array, message: RegExp, offset: number): void {
  let error: unknown;
  try {
    decodeInstructions(code);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(BytecodeError);
  expect((error as BytecodeError).message).toMatch(message);
  expect((error as BytecodeError).offset).toBe(offset);
}

describe("decodeInstructions", () => {
  it("folds EXTENDED_ARG prefixes and keeps both offsets", () => {
    const [ins, ret] = decodeInstructions(
      assemble(["EXTENDED_ARG", 1], ["EXTENDED_ARG", 2], ["LOAD_CONST", 3], ["RETURN_VALUE", 0]),
    );
    expect(ins).toMatchObject({ start: 0, offset: 4, name: "LOAD_CONST", arg: 0x010203, size: 6, next: 6 });
    expect(ret).toMatchObject({ start: 6, offset: 6, name: "RETURN_VALUE", size: 2, next: 8 });
  });

  it("skips inline caches and counts them in the size", () => {
    const code = assemble(["LOAD_GLOBAL", 1], ["BINARY_OP", 0], ["RETURN_VALUE", 0]);
    const ins = decodeInstructions(code);
    expect(ins.map((i) => [i.offset, i.name, i.size])).toEqual([
      [0, "LOAD_GLOBAL", 12],
      [12, "BINARY_OP", 4],
      [16, "RETURN_VALUE", 2],
    ]);
  });

  it("resolves relative jumps from the end of the instruction", () => {
    const code = assemble(
      ["NOP", 0], // 0
      ["POP_JUMP_FORWARD_IF_TRUE", 1], // 2 -> 4 + 2
      ["NOP", 0], // 4
      ["JUMP_BACKWARD", 4], // 6 -> 8 - 8
    );
    expect(decodeInstructions(code).map((i) => i.jumpTarget)).toEqual([null, 6, null, 0]);
  });

  it("lands jumps on the first EXTENDED_ARG of their target", () => {
    const code = assemble(["JUMP_FORWARD", 0], ["EXTENDED_ARG", 1], ["LOAD_FAST", 0], ["JUMP_BACKWARD", 3]);
    const ins = decodeInstructions(code);
    expect(ins.map((i) => [i.start, i.offset, i.jumpTarget])).toEqual([
      [0, 0, 2],
      [2, 4, null],
      [6, 6, 2],
    ]);
    expect(instructionIndexAt(ins, 2)).toBe(1);
    expect(instructionIndexAt(ins, 4)).toBe(1);
    expect(instructionIndexAt(ins, 6)).toBe(2);
    expect(instructionIndexAt(ins, 8)).toBe(-1);
  });

  it("reports specialized opcodes through their base opcode", () => {
    const code = Uint8Array.from([
      opcodeByName("LOAD_FAST__LOAD_FAST").code, 0,
      opcodeByName("LOAD_FAST").code, 1,
      opcodeByName("BINARY_OP_ADD_INT").code, 0, 0x35, 0x00,
      opcodeByName("EXTENDED_ARG_QUICK").code, 1,
      opcodeByName("STORE_FAST").code, 2,
      opcodeByName("RETURN_VALUE").code, 0,
    ]);
    expect(decodeInstructions(code).map((i) => [i.offset, i.name, i.specialized, i.arg, i.size])).toEqual([
      [0, "LOAD_FAST", opcodeByName("LOAD_FAST__LOAD_FAST").code, 0, 2],
      [2, "LOAD_FAST", null, 1, 2],
      [4, "BINARY_OP", opcodeByName("BINARY_OP_ADD_INT").code, 0, 4],
      [10, "STORE_FAST", null, 0x102, 4],
      [12, "RETURN_VALUE", null, 0, 2],
    ]);
  });

  it("accepts a code object or raw bytes, and empty code", () => {
    expect(decodeInstructions(new Uint8Array(0))).toEqual([]);
  });

  it("rejects malformed bytecode with the offending offset", () => {
    fails(Uint8Array.from([9, 0, 9]), /odd/, 2);
    fails(Uint8Array.from([9, 0, 255, 0]), /unknown opcode 255/, 2);
    fails(Uint8Array.from([9, 0, opcodeByName("EXTENDED_ARG").code, 1]), /EXTENDED_ARG at the end/, 2);
    fails(Uint8Array.from([opcodeByName("BINARY_OP").code, 0]), /missing its 1 inline cache/, 0);
    fails(assemble(["JUMP_FORWARD", 5], ["NOP", 0]), /jumps to 12/, 0);
    fails(assemble(["NOP", 0], ["JUMP_BACKWARD", 5]), /jumps to -6/, 2);
    // A jump into the middle of an instruction (onto its cache) is rejected too.
    fails(assemble(["JUMP_FORWARD", 1], ["BINARY_OP", 0]), /jumps to 4/, 0);
  });
});
