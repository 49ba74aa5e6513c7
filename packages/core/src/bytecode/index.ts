// The bytecode front end: CPython 3.11 code objects as TypeScript data.
//   marshal bytes -> readMarshal -> CodeObject -> decodeInstructions / decodeExceptionTable /
//   decodeLineTable, all described by the opcode table in opcodes.ts.

export * from "./code-object.js";
export * from "./exception-table.js";
export * from "./instructions.js";
export * from "./line-table.js";
export * from "./marshal.js";
export { parsePythonFloat } from "./marshal-text.js";
export * from "./opcodes.js";
export * from "./py-value.js";
export type { PopCount, PushCount, StackEffectRow } from "./stack-effects.js";
export * from "./marshal-write.js";
