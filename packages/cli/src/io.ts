// Where command output goes. Commands write through an Io instead of touching process.stdout, so
// they can be run in-process (tests, a future REPL) and so `main.ts` alone deals with the process.

export interface Io {
  /** Program output: IR, listings, JSON. */
  out(text: string): void;
  /** Diagnostics: errors, warnings, pass failures. */
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};
