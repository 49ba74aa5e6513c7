/*
 * Helpers for unboxed arithmetic in compiled code (the typed passes' ibin/fbin/unbox_int). Each
 * reproduces the exact result CPython's int or float method gives for the operands it is called
 * with; the generated code checks the cases where CPython raises or leaves the type (zero
 * divisors, overflow, complex results) and deoptimizes instead of calling these, so none of them
 * sets an exception.
 */
#include "pyjc.h"

#include <errno.h>
#include <math.h>

/* PyLong_AsLongLongAndOverflow without the exception: 0 and *out, or 1 when out of range. */
int pyjc_unbox_int(PyObject *exact_int, int64_t *out)
{
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(exact_int, &overflow);
    if (overflow != 0 || (v == -1 && PyErr_Occurred())) {
        PyErr_Clear();
        return 1;
    }
    *out = v;
    return 0;
}

/* long_div/long_mod's floor semantics on int64 (b != 0, not INT64_MIN // -1). */
int64_t pyjc_i64_floordiv(int64_t a, int64_t b)
{
    int64_t q = a / b, r = a % b;
    return (r != 0 && ((r < 0) != (b < 0))) ? q - 1 : q;
}

int64_t pyjc_i64_mod(int64_t a, int64_t b)
{
    if (b == -1) return 0; /* avoids INT64_MIN % -1 trapping */
    int64_t r = a % b;
    return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}

/* float_rem (Objects/floatobject.c) for b != 0. */
double pyjc_f64_mod(double a, double b)
{
    double mod = fmod(a, b);
    if (mod) {
        if ((b < 0) != (mod < 0)) mod += b; /* the sign of the divisor */
    } else {
        mod = copysign(0.0, b);
    }
    return mod;
}

/* float_floor_div, i.e. _float_div_mod's quotient, for b != 0. */
double pyjc_f64_floordiv(double a, double b)
{
    double mod = fmod(a, b);
    double div = (a - mod) / b;
    if (mod) {
        if ((b < 0) != (mod < 0)) div -= 1.0;
    }
    if (div) {
        double floordiv = floor(div);
        if (div - floordiv > 0.5) floordiv += 1.0; /* snap to the nearest integral value */
        return floordiv;
    }
    return copysign(0.0, a / b);
}

#define IS_ODD_INTEGER(x) (fmod(fabs(x), 2.0) == 1.0)

/* float_pow when it returns a float: 0 and *out; 1 when CPython raises (0.0 to a negative power,
 * overflow) or returns a complex (a negative base to a fractional power). */
int pyjc_f64_pow(double v, double w, double *out)
{
    bool negate = false;
    if (w == 0) { *out = 1.0; return 0; }
    if (isnan(v)) { *out = v; return 0; }
    if (isnan(w)) { *out = v == 1.0 ? 1.0 : w; return 0; }
    if (isinf(w)) {
        double av = fabs(v);
        if (av == 1.0) *out = 1.0;
        else if ((w > 0.0) == (av > 1.0)) *out = fabs(w);
        else *out = 0.0;
        return 0;
    }
    if (isinf(v)) {
        bool odd = IS_ODD_INTEGER(w);
        *out = w > 0.0 ? (odd ? v : fabs(v)) : (odd ? copysign(0.0, v) : 0.0);
        return 0;
    }
    if (v == 0.0) {
        if (w < 0.0) return 1;
        *out = IS_ODD_INTEGER(w) ? v : 0.0;
        return 0;
    }
    if (v < 0.0) {
        if (w != floor(w)) return 1;
        v = -v;
        negate = IS_ODD_INTEGER(w);
    }
    if (v == 1.0) { *out = negate ? -1.0 : 1.0; return 0; }
    errno = 0;
    double x = pow(v, w);
    /* _Py_ADJUST_ERANGE1 */
    if (errno == 0) {
        if (x == HUGE_VAL || x == -HUGE_VAL) errno = ERANGE;
    } else if (errno == ERANGE && x == 0.0) {
        errno = 0;
    }
    if (errno != 0) return 1;
    *out = negate ? -x : x;
    return 0;
}

/* The interpreter's private range iterator (Objects/rangeobject.c, 3.11.2). Compiled FOR_ITER
 * over a range reads it in place; pyjc_check_rangeiter_layout verifies the copy at startup. */
typedef struct {
    PyObject_HEAD
    long index;
    long start;
    long step;
    long len;
} pyjc_rangeiterobject;

size_t pyjc_rangeiter_offset(int field)
{
    switch (field) {
    case 0: return offsetof(pyjc_rangeiterobject, index);
    case 1: return offsetof(pyjc_rangeiterobject, start);
    case 2: return offsetof(pyjc_rangeiterobject, step);
    default: return offsetof(pyjc_rangeiterobject, len);
    }
}

bool pyjc_rangeiter_layout_ok = false;

/* iter(range(5, 100, 7)) after one next(): index 1, start 5, step 7, len 14. */
bool pyjc_check_rangeiter_layout(void)
{
    PyObject *r = PyObject_CallFunction((PyObject *)&PyRange_Type, "iii", 5, 100, 7);
    PyObject *it = r != NULL ? PyObject_GetIter(r) : NULL;
    PyObject *first = it != NULL ? PyIter_Next(it) : NULL;
    bool ok = first != NULL && Py_TYPE(it) == &PyRangeIter_Type;
    if (ok) {
        pyjc_rangeiterobject *ri = (pyjc_rangeiterobject *)it;
        ok = ri->index == 1 && ri->start == 5 && ri->step == 7 && ri->len == 14;
    }
    Py_XDECREF(first);
    Py_XDECREF(it);
    Py_XDECREF(r);
    PyErr_Clear();
    return ok;
}
