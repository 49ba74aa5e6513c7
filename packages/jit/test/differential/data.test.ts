// Differential tests, data families: subscripts, attributes, unpacking, comprehensions, formatting.
import { afterAll, describe, it } from "vitest";
import { defineDifferentialSuite } from "./harness.js";
import { SUITES } from "./suites.js";

defineDifferentialSuite(SUITES.data, { describe, it, afterAll });
