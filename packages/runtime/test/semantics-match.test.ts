/**
 * Pattern-matching helpers (sem_match.c) against `match` statements: what a mapping or class
 * pattern extracts, when it does not match, and the errors 3.11 raises.
 */
import { describe, expect, it } from "vitest";
import { expectSame, semanticsRuntime } from "./helpers/semantics.js";
import { py, run } from "./helpers/runtime.js";

const rt = semanticsRuntime();

describe("MATCH_KEYS", () => {
  run(rt, py`
    import collections
    class K:
        a = 'k'
        b = 'k'
    def real_keys(m):
        match m:
            case {'a': x, 'b': y}:
                return (x, y)
        return None
    def real_dup(m):
        match m:
            case {K.a: 1, K.b: 2}:
                return 'matched'
        return None
    class Getless(dict):
        get = None
    def real_getless(m):
        match m:
            case {'a': x}:
                return (x,)
        return None
  `);

  it("returns the values, or None when a key is missing", () => {
    expectSame(rt, "T.match_keys({'a': 1, 'b': 2, 'c': 3}, ('a', 'b'))", "real_keys({'a': 1, 'b': 2, 'c': 3})", "ok (1, 2)");
    expectSame(rt, "T.match_keys({'a': 1}, ('a', 'b'))", "real_keys({'a': 1})", "ok None");
    expect(rt.eval("T.match_keys({}, ())")).toBe("()");
  });

  it("uses get(), so defaultdict subjects gain no keys", () => {
    run(rt, "dd1 = collections.defaultdict(int, a=1)\ndd2 = collections.defaultdict(int, a=1)");
    expectSame(rt, "(T.match_keys(dd1, ('a', 'b')), sorted(dd1))", "(real_keys(dd2), sorted(dd2))", "ok (None, ['a'])");
    expectSame(rt, "T.match_keys(Getless(a=1), ('a',))", "real_getless(Getless(a=1))",
      "TypeError: 'NoneType' object is not callable");
  });

  it("rejects duplicate keys computed at run time", () => {
    expectSame(rt, "T.match_keys({'k': 1, 'z': 2}, (K.a, K.b))", "real_dup({'k': 1, 'z': 2})",
      "ValueError: mapping pattern checks duplicate key ('k')");
  });
});

describe("MATCH_CLASS", () => {
  run(rt, py`
    class Point:
        __match_args__ = ('x', 'y')
        def __init__(self, x, y):
            self.x, self.y = x, y
    class ListArgs:
        __match_args__ = ['x']
        x = 1
    class IntArgs:
        __match_args__ = (1,)
    class Half:
        __match_args__ = ('x', 'missing')
        x = 1
    class SelfInt(int):
        pass
    class SelfIntArgs(int):
        __match_args__ = ()
    not_a_type = len

    def real_point2(s):
        match s:
            case Point(a, b):
                return (a, b)
        return None
    def real_point3(s):
        match s:
            case Point(a, b, c):
                return (a, b, c)
        return None
    def real_dup_attr(s):
        match s:
            case Point(a, x=b):
                return (a, b)
        return None
    def real_kw(s):
        match s:
            case Point(y=b, x=a):
                return (b, a)
        return None
    def real_cls1(s, cls):
        match s:
            case cls(a):
                return (a,)
        return None
    def real_half(s):
        match s:
            case Half(a, b):
                return (a, b)
        return None
    def real_int2(s):
        match s:
            case int(a, b):
                return (a, b)
        return None
  `);

  it("extracts positional (__match_args__) and keyword sub-patterns", () => {
    expectSame(rt, "T.match_class(Point(1, 2), Point, 2, ())", "real_point2(Point(1, 2))", "ok (1, 2)");
    expectSame(rt, "T.match_class(Point(1, 2), Point, 0, ('y', 'x'))", "real_kw(Point(1, 2))", "ok (2, 1)");
    expectSame(rt, "T.match_class(5, Point, 2, ())", "real_point2(5)", "ok None");
    expectSame(rt, "T.match_class(Half(), Half, 2, ())", "real_half(Half())", "ok None");
  });

  it("matches self for builtins, and forgets that in subclasses with __match_args__", () => {
    expectSame(rt, "T.match_class(7, int, 1, ())", "real_cls1(7, int)", "ok (7,)");
    expectSame(rt, "T.match_class(SelfInt(7), SelfInt, 1, ())", "real_cls1(SelfInt(7), SelfInt)", "ok (7,)");
    expectSame(rt, "T.match_class(SelfIntArgs(7), SelfIntArgs, 1, ())", "real_cls1(SelfIntArgs(7), SelfIntArgs)",
      "TypeError: SelfIntArgs() accepts 0 positional sub-patterns (1 given)");
    expectSame(rt, "T.match_class(7, int, 2, ())", "real_int2(7)", "TypeError: int() accepts 1 positional sub-pattern (2 given)");
  });

  it("raises 3.11's TypeErrors", () => {
    expectSame(rt, "T.match_class(Point(1, 2), Point, 3, ())", "real_point3(Point(1, 2))",
      "TypeError: Point() accepts 2 positional sub-patterns (3 given)");
    expectSame(rt, "T.match_class(Point(1, 2), Point, 1, ('x',))", "real_dup_attr(Point(1, 2))",
      "TypeError: Point() got multiple sub-patterns for attribute 'x'");
    expectSame(rt, "T.match_class(ListArgs(), ListArgs, 1, ())", "real_cls1(ListArgs(), ListArgs)",
      "TypeError: ListArgs.__match_args__ must be a tuple (got list)");
    expectSame(rt, "T.match_class(IntArgs(), IntArgs, 1, ())", "real_cls1(IntArgs(), IntArgs)",
      "TypeError: __match_args__ elements must be strings (got int)");
    expectSame(rt, "T.match_class(1, not_a_type, 1, ())", "real_cls1(1, not_a_type)",
      "TypeError: called match pattern must be a type");
  });
});
