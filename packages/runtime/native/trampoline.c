/*
 * Calling raw machine code from tests (runtime.callNativeForTest and
 * callNativeF64ForTest): backend conformance tests run generated functions
 * that need no Python at all. Test-only: nothing checks that the address is
 * code or that the callee's signature matches, so a wrong call crashes.
 *
 * Passing all eight integer (and eight double) arguments is right for any
 * callee that takes at most that many of each, in any order: under System V
 * x86-64 integers fill rdi, rsi, rdx, rcx, r8, r9 and then stack slots in
 * order while doubles fill xmm0-7 independently, the caller owns (and pops)
 * the stack, and a callee never looks at arguments it does not declare.
 * AAPCS64 (x0-x7, v0-v7) works the same way.
 */
#include "pyjc.h"

typedef int64_t (*i64_fn)(int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t);
typedef double (*f64_fn)(int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t,
                         double, double, double, double, double, double, double, double);

int64_t pyjc_call_native_i64(uintptr_t address, const int64_t a[8])
{
    i64_fn f = (i64_fn)address;
    return f(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
}

double pyjc_call_native_f64(uintptr_t address, const int64_t a[8], const double d[8])
{
    f64_fn f = (f64_fn)address;
    return f(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7],
             d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]);
}
