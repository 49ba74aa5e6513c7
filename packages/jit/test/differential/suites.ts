// Which test file runs which corpus families (vitest runs test files in parallel processes, one
// interpreter each). corpus.test.ts checks that every family is in exactly one suite.
export const SUITES = {
  operators: ["arith", "compare", "identity_membership", "truthiness", "unary"],
  data: ["subscript", "attributes", "unpacking", "comprehensions", "fstrings"],
  control: ["loops", "exceptions", "with_stmt", "match_stmt"],
  scopes: ["globals_builtins", "closures", "calls", "imports", "names", "classes", "recursion"],
  runtime: ["frames", "threads", "coroutines", "big"],
} as const satisfies Record<string, readonly string[]>;
