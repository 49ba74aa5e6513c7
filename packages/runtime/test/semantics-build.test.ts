/**
 * Building, calling, iterating and unpacking helpers (sem_build.c, sem_unpack.c) against the
 * bytecode they stand for: displays, `*`/`**` unpacking in calls and displays, f-strings,
 * method loads, MAKE_FUNCTION, PRINT_EXPR, for loops and unpacking assignments.
 */
import { describe, expect, it } from "vitest";
import { expectSame, semanticsRuntime } from "./helpers/semantics.js";
import { py, run } from "./helpers/runtime.js";

const rt = semanticsRuntime();

run(rt, py`
  def f(*args, **kwargs):
      return args, kwargs
  class NotIterable:
      pass
  class BadIter:
      def __iter__(self):
          raise TypeError('iter says no')
  class KeysOnly:
      def keys(self):
          return ['a']
      def __getitem__(self, k):
          raise KeyError('deep', 'er')
  class Pairs:
      def keys(self):
          return ['p', 'q']
      def __getitem__(self, k):
          return k * 2
`);

describe("displays", () => {
  it("BUILD_TUPLE, BUILD_LIST, BUILD_STRING", () => {
    expectSame(rt, "T.build_tuple(1, 'a', None)", "(1, 'a', None)", "ok (1, 'a', None)");
    expectSame(rt, "T.build_tuple()", "()", "ok ()");
    expectSame(rt, "T.build_list(1, [2])", "[1, [2]]", "ok [1, [2]]");
    expectSame(rt, "T.build_string('a', 'é', '')", "f\"{'a'}{'é'}{''}\"", "ok 'aé'");
    expectSame(rt, "T.build_string()", "''", "ok ''");
  });

  it("BUILD_SET adds left to right and stops at the first error", () => {
    expectSame(rt, "repr(T.build_set(1, 1.0, True))", "repr({1, 1.0, True})", "ok '{1}'");
    expectSame(rt, "T.build_set(1, [], {})", "{1, [], {}}", "TypeError: unhashable type: 'list'");
  });

  it("BUILD_MAP and BUILD_CONST_KEY_MAP keep the first key and the last value", () => {
    expectSame(rt, "T.build_map(1, 'a', 1.0, 'b', 'k', 'v')", "{1: 'a', 1.0: 'b', 'k': 'v'}", "ok {1: 'b', 'k': 'v'}");
    expectSame(rt, "T.build_map(*[x for i in range(8) for x in (str(i), i)])", "{str(i): i for i in range(8)}",
      "ok {'0': 0, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7}");
    expectSame(rt, "T.build_map('a', 1, [], 2)", "{'a': 1, []: 2}", "TypeError: unhashable type: 'list'");
    expectSame(rt, "T.build_const_key_map(('a', 'b'), 1, 2)", "{'a': 1, 'b': 2}", "ok {'a': 1, 'b': 2}");
    expect(rt.eval("outcome(lambda: T.build_const_key_map(('a',), 1, 2))")).toBe(
      "SystemError: bad BUILD_CONST_KEY_MAP keys argument",
    );
    expect(rt.eval("outcome(lambda: T.build_const_key_map(['a'], 1))")).toBe(
      "SystemError: bad BUILD_CONST_KEY_MAP keys argument",
    );
  });

  it("LIST_EXTEND, SET_UPDATE, DICT_UPDATE", () => {
    expectSame(rt, "(l := [0], T.list_extend(l, range(2)), l)[2]", "[0, *range(2)]", "ok [0, 0, 1]");
    expectSame(rt, "T.list_extend([], 5)", "[*5]", "TypeError: Value after * must be an iterable, not int");
    expectSame(rt, "T.list_extend([], BadIter())", "[*BadIter()]", "TypeError: iter says no");
    expectSame(rt, "(s := {0}, T.set_update(s, [1, 1]), s)[2]", "{0, *[1, 1]}", "ok {0, 1}");
    expectSame(rt, "T.set_update(set(), 5)", "{*5}", "TypeError: 'int' object is not iterable");
    expectSame(rt, "(d := {'a': 0}, T.dict_update(d, Pairs()), d)[2]", "{'a': 0, **Pairs()}",
      "ok {'a': 0, 'p': 'pp', 'q': 'qq'}");
    expectSame(rt, "T.dict_update({}, 5)", "{**5}", "TypeError: 'int' object is not a mapping");
    expectSame(rt, "T.dict_update({}, KeysOnly())", "{**KeysOnly()}", "KeyError: ('deep', 'er')");
  });
});

describe("calls", () => {
  it("DICT_MERGE: duplicate keywords and non-mappings after **", () => {
    expectSame(rt, "(d := {}, T.dict_merge(f, d, {'a': 1}), T.dict_merge(f, d, {'b': 2}), f(**d))[3]",
      "f(**{'a': 1}, **{'b': 2})", "ok ((), {'a': 1, 'b': 2})");
    expectSame(rt, "(d := {'a': 1}, T.dict_merge(f, d, {'a': 2}))[1]", "f(**{'a': 1}, **{'a': 2})",
      "TypeError: __main__.f() got multiple values for keyword argument 'a'");
    expectSame(rt, "T.dict_merge(f, {}, 5)", "f(**{}, **5)", "TypeError: __main__.f() argument after ** must be a mapping, not int");
    expectSame(rt, "T.dict_merge(print, {}, 5)", "print(**{}, **5)", "TypeError: print() argument after ** must be a mapping, not int");
    // A KeyError that is not a one-tuple is the mapping's own and passes through.
    expectSame(rt, "T.dict_merge(f, {}, KeysOnly())", "f(**{}, **KeysOnly())", "KeyError: ('deep', 'er')");
  });

  it("CALL_FUNCTION_EX", () => {
    expectSame(rt, "T.call_ex(f, (1, 2), {'k': 3})", "f(*(1, 2), **{'k': 3})", "ok ((1, 2), {'k': 3})");
    expectSame(rt, "T.call_ex(f, [1])", "f(*[1], **{})", "ok ((1,), {})");
    expectSame(rt, "T.call_ex(f, (x for x in 'ab'))", "f(*(x for x in 'ab'))", "ok (('a', 'b'), {})");
    expectSame(rt, "T.call_ex(f, 5)", "f(*5)", "TypeError: __main__.f() argument after * must be an iterable, not int");
    expectSame(rt, "T.call_ex(f, BadIter())", "f(*BadIter())", "TypeError: iter says no");
    // kwargs that are not an exact dict are copied first (with format_kwargs_error's messages).
    expect(rt.eval("outcome(lambda: T.call_ex(f, (), Pairs()))")).toBe("ok ((), {'p': 'pp', 'q': 'qq'})");
    expect(rt.eval("outcome(lambda: T.call_ex(f, (), 5))")).toBe(
      "TypeError: __main__.f() argument after ** must be a mapping, not int",
    );
  });

  it("LOAD_METHOD: unbound method and self, or the attribute", () => {
    run(rt, py`
      class C:
          def m(self):
              return 'm'
          attr = staticmethod(lambda: 's')
      c = C()
    `);
    expect(rt.eval("T.load_method(c, 'm') == (C.m, c)")).toBe("True");
    expect(rt.eval("T.load_method([], 'append')[0] is list.append")).toBe("True");
    expect(rt.eval("T.load_method(c, 'attr') == (None, C.attr)")).toBe("True");
    expect(rt.eval("T.load_method(5, 'bit_length') == (int.bit_length, 5)")).toBe("True");
    expectSame(rt, "T.load_method(c, 'nope')", "c.nope()", "AttributeError: 'C' object has no attribute 'nope'");
  });

  it("MAKE_FUNCTION with every flag", () => {
    run(rt, py`
      def outer():
          y = 10
          def inner(a=1, *, k=2) -> int:
              return y + a + k
          return inner
      real_fn = outer()
      made = T.make_function(real_fn.__code__, 0x0f, real_fn.__defaults__, real_fn.__kwdefaults__,
                             ('return', int), real_fn.__closure__)
      bare = T.make_function((lambda: 'bare').__code__, 0, None, None, None, None)
    `);
    const attrs = (fn: string) =>
      rt.eval(`(${fn}(), ${fn}(5, k=1), ${fn}.__defaults__, ${fn}.__kwdefaults__, ${fn}.__annotations__, ` +
        `${fn}.__qualname__, ${fn}.__globals__ is globals())`);
    expect(attrs("made")).toBe(attrs("real_fn"));
    expect(attrs("made")).toBe("(13, 16, (1,), {'k': 2}, {'return': <class 'int'>}, 'outer.<locals>.inner', True)");
    expect(rt.eval("(bare(), bare.__defaults__, bare.__closure__, bare.__name__)")).toBe("('bare', None, None, '<lambda>')");
  });
});

describe("f-strings, PRINT_EXPR, FOR_ITER, GET_LEN", () => {
  it("FORMAT_VALUE", () => {
    run(rt, py`
      class S(str):
          def __format__(self, spec):
              return 'formatted'
      s = S('x')
      class R:
          def __repr__(self): return 'R()'
          def __str__(self): return 'str-R'
    `);
    expectSame(rt, "T.format_value(R(), 0)", "f'{R()}'", "ok 'str-R'");
    expectSame(rt, "T.format_value(R(), 1)", "f'{R()!s}'", "ok 'str-R'");
    expectSame(rt, "T.format_value(R(), 2)", "f'{R()!r}'", "ok 'R()'");
    expectSame(rt, "T.format_value('é', 3)", "f'{\"é\"!a}'", "ok \"'\\\\xe9'\"");
    expectSame(rt, "T.format_value(3.14159, 0, '.2f')", "f'{3.14159:.2f}'", "ok '3.14'");
    expectSame(rt, "T.format_value(3.14159, 2, '.2f')", "f'{3.14159!r:.2f}'", "ValueError: Unknown format code 'f' for object of type 'str'");
    // An exact str skips format(); a str subclass does not.
    expectSame(rt, "T.format_value(s, 0)", "f'{s}'", "ok 'formatted'");
    expect(rt.eval("outcome(lambda: T.format_value(1, 4))")).toBe("SystemError: unexpected conversion flag 4");
  });

  it("PRINT_EXPR calls sys.displayhook", () => {
    run(rt, py`
      shown = []
      def show_via(helper):
          saved = sys.displayhook
          sys.displayhook = shown.append
          try:
              if helper:
                  T.print_expr(42)
              else:
                  exec(compile('42', '<stdin>', 'single'))
          finally:
              sys.displayhook = saved
          return shown.pop()
      def lost(helper):
          saved = sys.displayhook
          del sys.displayhook
          try:
              return T.print_expr(1) if helper else exec(compile('1', '<stdin>', 'single'))
          finally:
              sys.displayhook = saved
    `);
    expectSame(rt, "show_via(True)", "show_via(False)", "ok 42");
    expectSame(rt, "lost(True)", "lost(False)", "RuntimeError: lost sys.displayhook");
  });

  it("FOR_ITER: items, then exhaustion without an exception; errors propagate", () => {
    run(rt, py`
      class Stop:
          def __iter__(self): return self
          def __next__(self): raise StopIteration('done')
      class Fail:
          def __iter__(self): return self
          def __next__(self): raise ValueError('next failed')
      def drain(it, helper):
          out = []
          if helper:
              while (r := T.for_iter(it)):
                  out.append(r[0])
          else:
              for x in it:
                  out.append(x)
          return out
    `);
    expectSame(rt, "drain(iter([1, 2]), True)", "drain(iter([1, 2]), False)", "ok [1, 2]");
    expectSame(rt, "drain(Stop(), True)", "drain(Stop(), False)", "ok []");
    expectSame(rt, "drain(Fail(), True)", "drain(Fail(), False)", "ValueError: next failed");
    expect(rt.eval("(T.for_iter(iter([])), sys.exc_info())")).toBe("((), (None, None, None))");
  });

  it("GET_LEN", () => {
    run(rt, py`
      class Neg:
          def __len__(self): return -1
      def real_len(x):
          match x:
              case [*_]:
                  return len(x)
          return len(x)
    `);
    expectSame(rt, "T.get_len([1, 2, 3])", "real_len([1, 2, 3])", "ok 3");
    expectSame(rt, "T.get_len(Neg())", "len(Neg())", "ValueError: __len__() should return >= 0");
    expectSame(rt, "T.get_len(5)", "len(5)", "TypeError: object of type 'int' has no len()");
  });
});

describe("unpacking", () => {
  run(rt, py`
    def gen(n):
        yield from range(n)
    def broken(n):
        yield 0
        raise KeyError('mid')
    def real2(x):
        a, b = x
        return a, b
    def real_star(x):
        a, *b, c, d = x
        return a, b, c, d
    def real_star0(x):
        *a, = x
        return (a,)
    def real0(x):
        () = x
        return ()
  `);

  it("UNPACK_SEQUENCE: fast paths, iterables, and the exact messages", () => {
    for (const arg of ["(1, 2)", "[1, 2]", "'ab'", "gen(2)", "{'k': 1, 'j': 2}"]) {
      expectSame(rt, `T.unpack_sequence(${arg}, 2)`, `real2(${arg})`, /^ok \(/);
    }
    expectSame(rt, "T.unpack_sequence([1, 2, 3], 2)", "real2([1, 2, 3])", "ValueError: too many values to unpack (expected 2)");
    expectSame(rt, "T.unpack_sequence((1,), 2)", "real2((1,))", "ValueError: not enough values to unpack (expected 2, got 1)");
    expectSame(rt, "T.unpack_sequence(gen(5), 2)", "real2(gen(5))", "ValueError: too many values to unpack (expected 2)");
    expectSame(rt, "T.unpack_sequence(5, 2)", "real2(5)", "TypeError: cannot unpack non-iterable int object");
    expectSame(rt, "T.unpack_sequence(NotIterable(), 2)", "real2(NotIterable())", "TypeError: cannot unpack non-iterable NotIterable object");
    expectSame(rt, "T.unpack_sequence(BadIter(), 2)", "real2(BadIter())", "TypeError: iter says no");
    expectSame(rt, "T.unpack_sequence(broken(5), 2)", "real2(broken(5))", "KeyError: 'mid'");
    expectSame(rt, "T.unpack_sequence([], 0)", "real0([])", "ok ()");
  });

  it("UNPACK_EX: the starred list and the values after it", () => {
    const cases = ["range(4)", "range(3)", "[1, 2, 3, 4, 5, 6]", "gen(7)"];
    for (const arg of cases) expectSame(rt, `T.unpack_ex(${arg}, 1, 2)`, `real_star(${arg})`, /^ok \(/);
    expectSame(rt, "T.unpack_ex(range(3), 1, 2)", "real_star(range(3))", "ok (0, [], 1, 2)");
    expectSame(rt, "T.unpack_ex(range(2), 1, 2)", "real_star(range(2))",
      "ValueError: not enough values to unpack (expected at least 3, got 2)");
    expectSame(rt, "T.unpack_ex([], 1, 2)", "real_star([])", "ValueError: not enough values to unpack (expected at least 3, got 0)");
    expectSame(rt, "T.unpack_ex('abc', 0, 0)", "real_star0('abc')", "ok (['a', 'b', 'c'],)");
    expectSame(rt, "T.unpack_ex(5, 1, 2)", "real_star(5)", "TypeError: cannot unpack non-iterable int object");
  });
});
