// definePass: a valid definition becomes a frozen Pass; every malformed field is refused with a
// message naming the pass (when it has a name) and the field.

import { describe, expect, it } from "vitest";

import { ANALYSES, definePass, PassDefinitionError, type PassDefinition } from "../../src/passes/define-pass.js";

const VALID: PassDefinition = {
  id: 7,
  name: "dead-code",
  description: "  Removes unused pure instructions  ",
  level: 1,
  requires: ["cfg", "dominators"],
  run: () => false,
};

function refusal(def: unknown): string {
  try {
    definePass(def as PassDefinition);
  } catch (e) {
    expect(e).toBeInstanceOf(PassDefinitionError);
    return (e as Error).message;
  }
  throw new Error("definePass accepted an invalid definition");
}

describe("definePass", () => {
  it("freezes a valid definition into a pass with its label and documentation page", () => {
    const pass = definePass(VALID);
    expect(pass).toMatchObject({
      id: 7, name: "dead-code", description: "Removes unused pure instructions", level: 1,
      requires: ["cfg", "dominators"], after: null, doc: "docs/optimizations/OPT-7-dead-code.md", label: "OPT-7",
    });
    expect(Object.isFrozen(pass)).toBe(true);
    expect(Object.isFrozen(pass.requires)).toBe(true);
    expect(definePass({ ...VALID, id: 123, requires: undefined }).doc).toBe("docs/optimizations/OPT-123-dead-code.md");
    expect(definePass({ ...VALID, requires: undefined }).requires).toEqual([]);
    expect(definePass({ ...VALID, doc: "docs/x.md", after: "other" })).toMatchObject({ doc: "docs/x.md", after: "other" });
  });

  it("accepts its own output (a Pass is a definition)", () => {
    const pass = definePass(VALID);
    expect(definePass(pass)).toEqual(pass);
  });

  it("does not share the caller's requires array", () => {
    const requires: ("cfg" | "loops")[] = ["cfg"];
    const pass = definePass({ ...VALID, requires });
    requires.push("loops");
    expect(pass.requires).toEqual(["cfg"]);
  });

  const bad: [string, Partial<Record<keyof PassDefinition, unknown>>, RegExp][] = [
    ["id zero", { id: 0 }, /^pass 'dead-code': id must be a positive integer \(got 0\)$/],
    ["negative id", { id: -3 }, /id must be a positive integer \(got -3\)/],
    ["fractional id", { id: 1.5 }, /id must be a positive integer \(got 1.5\)/],
    ["id as a string", { id: "7" }, /id must be a positive integer \(got 7\)/],
    ["missing id", { id: undefined }, /id must be a positive integer \(got undefined\)/],
    ["capitalized name", { name: "Dead" }, /^pass 'Dead': name must be kebab-case, like 'dead-code' \(got "Dead"\)$/],
    ["double dash", { name: "dead--code" }, /^pass 'dead--code': name must be kebab-case/],
    ["leading digit", { name: "7up" }, /^pass '7up': name must be kebab-case/],
    ["empty name", { name: "" }, /^pass '': name must be kebab-case/],
    ["name not a string", { name: 42 }, /^pass: name must be kebab-case, like 'dead-code' \(got 42\)$/],
    ["empty description", { description: "   " }, /^pass 'dead-code': description must be one non-empty line$/],
    ["multi-line description", { description: "one\ntwo" }, /description must be one non-empty line/],
    ["description not a string", { description: 3 }, /description must be one non-empty line/],
    ["level 3", { level: 3 }, /^pass 'dead-code': level must be 0, 1 or 2 \(got 3\)$/],
    ["level as a string", { level: "1" }, /level must be 0, 1 or 2 \(got 1\)/],
    ["missing run", { run: undefined }, /^pass 'dead-code': run must be a function \(func, ctx\) => boolean$/],
    ["run not a function", { run: "go" }, /run must be a function/],
    ["requires not an array", { requires: "cfg" }, /^pass 'dead-code': requires must be an array of analysis names$/],
    ["unknown analysis", { requires: ["cfg", "liveness"] }, /^pass 'dead-code': requires unknown analysis 'liveness' \(known: cfg, dominators, loops, types, profile\)$/],
    ["after not a name", { after: 5 }, /^pass 'dead-code': after must be a pass name$/],
    ["doc not a path", { doc: ["x"] }, /^pass 'dead-code': doc must be a path$/],
  ];
  for (const [what, change, message] of bad) {
    it(`refuses ${what}, naming the pass`, () => expect(refusal({ ...VALID, ...change })).toMatch(message));
  }

  it("refuses definitions that are not objects", () => {
    expect(refusal(null)).toBe("pass: a definition must be an object");
    expect(refusal("dead-code")).toBe("pass: a definition must be an object");
    expect(refusal(undefined)).toBe("pass: a definition must be an object");
  });

  it("knows the analyses a pass may require", () => {
    expect(ANALYSES).toEqual(["cfg", "dominators", "loops", "types", "profile"]);
  });
});
