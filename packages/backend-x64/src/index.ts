export * from "./encoder/index.js";
export { x64Backend, createX64Backend, type X64BackendOptions } from "./backend.js";
export { X64_REGISTERS, assignArguments, type ArgLocation } from "./abi.js";
export { selectFunction, type Selected, type IselOptions } from "./isel.js";
