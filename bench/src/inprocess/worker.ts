// The in-process worker: a child process (child_process.fork) holding one embedded interpreter
// for one program. It receives a WorkerJob, runs the Session and sends back progress and the raw
// samples. A crash here (a miscompiled program can crash the process) ends only this program's
// measurements; the harness reports it.

import { CallFailure, Session } from "./session.js";
import type { WorkerJob, WorkerMessage } from "./protocol.js";

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, () => resolve()));
}

process.once("message", (job: WorkerJob) => {
  let message: WorkerMessage;
  try {
    const session = new Session(job, (step, configuration, done, total) =>
      void process.send!({ kind: "progress", step, configuration, done, total } satisfies WorkerMessage));
    message = { kind: "done", results: session.run() };
  } catch (e) {
    message = {
      kind: "failed",
      failure: e instanceof CallFailure ? e.failure : { kind: "error", configuration: null, message: e instanceof Error ? e.stack ?? e.message : String(e) },
    };
  }
  // The interpreter is not finalized: nothing it holds outlives the process.
  void send(message).then(() => process.exit(0));
});
