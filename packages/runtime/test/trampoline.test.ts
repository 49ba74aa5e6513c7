/**
 * callNativeForTest / callNativeF64ForTest: hand-assembled x86-64 functions (System V), run
 * without an interpreter, as backend conformance tests will run generated code.
 */
import { describe, expect, it } from "vitest";
import { loadRuntime } from "../src/index.js";

const rt = loadRuntime();
const code = (...bytes: number[]) => rt.installCodeForTest(Uint8Array.from(bytes));

// mov rax, rdi; add rax, rsi; ret
const add2 = code(0x48, 0x89, 0xf8, 0x48, 0x01, 0xf0, 0xc3);
// the sum of eight arguments: six in registers, the 7th and 8th at [rsp+8] and [rsp+16]
const add8 = code(
  0x48, 0x89, 0xf8, // mov rax, rdi
  0x48, 0x01, 0xf0, // add rax, rsi
  0x48, 0x01, 0xd0, // add rax, rdx
  0x48, 0x01, 0xc8, // add rax, rcx
  0x4c, 0x01, 0xc0, // add rax, r8
  0x4c, 0x01, 0xc8, // add rax, r9
  0x48, 0x03, 0x44, 0x24, 0x08, // add rax, [rsp+8]
  0x48, 0x03, 0x44, 0x24, 0x10, // add rax, [rsp+16]
  0xc3,
);
const arg8 = code(0x48, 0x8b, 0x44, 0x24, 0x10, 0xc3); // mov rax, [rsp+16]; ret
// addsd xmm0, xmm1; ret
const addsd = code(0xf2, 0x0f, 0x58, 0xc1, 0xc3);
// cvtsi2sd xmm1, rdi; addsd xmm0, xmm1; ret   (double f(int64_t i, double d) = i + d)
const intPlusDouble = code(0xf2, 0x48, 0x0f, 0x2a, 0xcf, 0xf2, 0x0f, 0x58, 0xc1, 0xc3);
// movsd xmm0, xmm7; ret   (the 8th double)
const double8 = code(0xf2, 0x0f, 0x10, 0xc7, 0xc3);

describe("native-call trampoline (test-only)", () => {
  it("needs no interpreter", () => {
    expect(rt.isInitialized()).toBe(false);
    expect(rt.callNativeForTest(add2, [2n, 40n])).toBe(42n);
  });

  it("passes int64 arguments and returns a signed int64", () => {
    expect(rt.callNativeForTest(add2, [-5, 3])).toBe(-2n);
    expect(rt.callNativeForTest(add2, [2n ** 63n - 1n, 1n])).toBe(-(2n ** 63n));
    // Bigints up to 2**64 - 1 are taken modulo 2**64 (addresses, masks).
    expect(rt.callNativeForTest(add2, [2n ** 64n - 1n, 0n])).toBe(-1n);
    expect(rt.callNativeForTest(add8, [1, 2, 3, 4, 5, 6, 7, 8])).toBe(36n);
    expect(rt.callNativeForTest(arg8, [0, 0, 0, 0, 0, 0, 0, 99n])).toBe(99n);
  });

  it("returns doubles, with doubles in xmm0-7 whatever the integer arguments", () => {
    expect(rt.callNativeF64ForTest(addsd, [], [1.5, 2.25])).toBe(3.75);
    expect(rt.callNativeF64ForTest(intPlusDouble, [3n], [0.5])).toBe(3.5);
    expect(rt.callNativeF64ForTest(double8, [1, 2, 3, 4, 5, 6, 7, 8], [0, 0, 0, 0, 0, 0, 0, -0.25])).toBe(-0.25);
    expect(Number.isNaN(rt.callNativeF64ForTest(addsd, [], [NaN, 1]))).toBe(true);
  });

  it("rejects bad arguments instead of calling", () => {
    expect(() => rt.callNativeForTest(0n, [])).toThrow(/callNativeForTest/);
    expect(() => rt.callNativeForTest(add2, [1, 2, 3, 4, 5, 6, 7, 8, 9])).toThrow(/at most 8/);
    expect(() => rt.callNativeForTest(add2, [1.5])).toThrow(/callNativeForTest/);
    expect(() => rt.callNativeForTest(add2, [2n ** 64n])).toThrow(/callNativeForTest/);
    expect(() => rt.callNativeF64ForTest(addsd, [], [1, 2, 3, 4, 5, 6, 7, 8, 9])).toThrow(/at most 8/);
  });
});
