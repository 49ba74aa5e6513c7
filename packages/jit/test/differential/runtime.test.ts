// Differential tests, runtime-facing families: frame introspection and tracing of compiled
// frames, threads running compiled code, coroutine drivers, big functions (EXTENDED_ARG).
import { afterAll, describe, it } from "vitest";
import { defineDifferentialSuite } from "./harness.js";
import { SUITES } from "./suites.js";

defineDifferentialSuite(SUITES.runtime, { describe, it, afterAll });
