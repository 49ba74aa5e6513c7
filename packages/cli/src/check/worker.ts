// The process `pyjc check` runs generated programs in (started by pool.ts with an IPC channel).
// It holds the one embedded interpreter of its process and answers run requests one at a time;
// if a miscompiled program crashes or hangs it, the parent notices, records that outcome and
// starts a new worker.
//
// Messages in:  { type: "init", plugins, verifyEach, timeout }, then { type: "run", id, case, variant }
// Messages out: { type: "ready" } | { type: "init-error", message }
//               { type: "report", id, report } | { type: "error", id, message }

import type { CheckCase } from "./cases.js";
import { CheckSession, type Variant } from "./session.js";
import { loadRegistry } from "../registry.js";

export type WorkerRequest =
  | { readonly type: "init"; readonly plugins: readonly string[]; readonly verifyEach: boolean; readonly timeout: number }
  | { readonly type: "run"; readonly id: number; readonly case: CheckCase; readonly variant: Variant };

let session: CheckSession | null = null;

const send = (message: object) => process.send!(message);
const describe = (e: unknown) => (e instanceof Error ? (e.stack ?? e.message) : String(e));

process.on("message", (m: WorkerRequest) => {
  if (m.type === "init") {
    loadRegistry(m.plugins)
      .then((registry) => {
        session = new CheckSession({ registry, verifyEach: m.verifyEach, timeout: m.timeout });
        send({ type: "ready" });
      })
      .catch((e: unknown) => send({ type: "init-error", message: describe(e) }));
    return;
  }
  try {
    if (!session) throw new Error("run before init");
    send({ type: "report", id: m.id, report: session.run(m.case, m.variant) });
  } catch (e) {
    send({ type: "error", id: m.id, message: describe(e) });
  }
});

// The parent going away ends the worker too.
process.on("disconnect", () => process.exit(0));
