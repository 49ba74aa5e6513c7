// Differential tests, scope and call families: globals/builtins, closures, calls, imports, names,
// class bodies, recursion.
import { afterAll, describe, it } from "vitest";
import { defineDifferentialSuite } from "./harness.js";
import { SUITES } from "./suites.js";

defineDifferentialSuite(SUITES.scopes, { describe, it, afterAll });
