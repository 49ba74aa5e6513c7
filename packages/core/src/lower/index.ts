// HIR -> LIR. See lowerer.ts for the shared machinery, lower-ops.ts for each operation, and
// refcount-plan.ts for the ownership rules; helpers.ts is the contract with the runtime shim.

import type { Func } from "../hir/function.js";
import type { LirFunc } from "../lir/lir.js";
import type { LoweringEnv } from "./env.js";
import { lowerOp } from "./lower-ops.js";
import { Lowerer } from "./lowerer.js";

export function lowerFunc(f: Func, env: LoweringEnv): LirFunc {
  return new Lowerer(f, env).run(lowerOp);
}

export type { LoweringEnv } from "./env.js";
export { LoweringError } from "./lowerer.js";
export { SHIM_HELPERS, type ShimHelper } from "./helpers.js";
export { RefcountPlan } from "./refcount-plan.js";
