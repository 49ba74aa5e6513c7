export { Jit, type FunctionRecord, type JitOptions, type JitRuntime } from "./jit.js";
export { loweringEnvFor, type Materializer } from "./lowering-env.js";
export { sourceAnnotator } from "./listing.js";
