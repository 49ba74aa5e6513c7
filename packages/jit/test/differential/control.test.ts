// Differential tests, control-flow families: loops, exceptions, with, match.
import { afterAll, describe, it } from "vitest";
import { defineDifferentialSuite } from "./harness.js";
import { SUITES } from "./suites.js";

defineDifferentialSuite(SUITES.control, { describe, it, afterAll });
