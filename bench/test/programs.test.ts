// The benchmark programs: the catalogue matches the files, every program says what it times,
// and the expected checksums are what python3.11 prints.

import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { argsKey, expectedChecksum, PROGRAMS, PROGRAMS_DIR, pythonChecksum, readChecksums, selectPrograms } from "../src/programs.js";

describe("the catalogue", () => {
  it("names every program in bench/programs, and only those", () => {
    const files = readdirSync(PROGRAMS_DIR).filter((f) => f.endsWith(".py")).map((f) => f.slice(0, -3)).sort();
    expect(PROGRAMS.map((p) => p.name).sort()).toEqual(files);
    expect(PROGRAMS.length).toBeGreaterThanOrEqual(12);
  });

  it("covers the kinds of program the harness promises", () => {
    const categories = new Set(PROGRAMS.map((p) => p.category));
    for (const c of ["numeric", "object-oriented", "strings", "dicts and JSON", "recursion", "interpreted fallback"]) expect(categories).toContain(c);
  });

  it("agrees with each program's docstring on the hot function and the usage", () => {
    for (const p of PROGRAMS) {
      const source = readFileSync(p.file, "utf-8");
      expect(source.startsWith('"""'), p.name).toBe(true);
      expect(source, p.name).toMatch(new RegExp(`^Hot function: ${p.hot}\\(`, "m"));
      expect(source, p.name).toMatch(new RegExp(`^Usage: python3\\.11 ${p.name}\\.py `, "m"));
      expect(source, p.name).toMatch(new RegExp(`^def ${p.hot}\\(`, "m"));
      // Run without arguments, a program does its full size.
      expect(source, p.name).toMatch(new RegExp(`^if __name__ == "__main__":\n {4}print\\(run\\(int\\(sys\\.argv\\[1\\]\\) if len\\(sys\\.argv\\) > 1 else ${p.args.full[0]}\\)\\)$`, "m"));
    }
  });

  it("selects programs by name and refuses unknown ones", () => {
    expect(selectPrograms(["vm", "nbody"]).map((p) => p.name)).toEqual(["nbody", "vm"]);
    expect(() => selectPrograms(["nbody", "nope"])).toThrow(/unknown benchmark program nope/);
  });
});

describe("checksums.json", () => {
  const checksums = readChecksums();

  it("has a checksum for every program at both sizes", () => {
    for (const p of PROGRAMS) {
      for (const size of ["full", "quick"] as const) expect(expectedChecksum(checksums, p, size), `${p.name} ${size}`).not.toBe("");
    }
  });

  it("holds what python3.11 prints for the quick sizes", () => {
    for (const p of PROGRAMS) expect(pythonChecksum(p, p.args.quick), p.name).toBe(checksums.programs[p.name]![argsKey(p.args.quick)]);
  });

  it("names the fix when a size has no checksum", () => {
    const p = { ...PROGRAMS[0]!, args: { full: [123456], quick: [1] } };
    expect(() => expectedChecksum(checksums, p, "full")).toThrow(/--update-checksums/);
  });
});
