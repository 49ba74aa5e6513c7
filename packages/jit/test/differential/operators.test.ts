// Differential tests, operator families: each corpus function runs interpreted and compiled on
// generated inputs and must agree exactly (harness.ts, harness.py).
import { afterAll, describe, it } from "vitest";
import { defineDifferentialSuite } from "./harness.js";
import { SUITES } from "./suites.js";

defineDifferentialSuite(SUITES.operators, { describe, it, afterAll });
