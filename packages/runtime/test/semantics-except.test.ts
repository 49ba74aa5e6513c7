/**
 * Exception helpers (sem_except.c) against raise statements, try/except, except* and with
 * blocks: what is raised (type, message, __cause__, __context__), what handlers receive, the
 * handled-exception state, except* splitting and the group raised at the end.
 */
import { describe, expect, it } from "vitest";
import { expectSame, semanticsRuntime } from "./helpers/semantics.js";
import { py, run } from "./helpers/runtime.js";

const rt = semanticsRuntime();

run(rt, py`
  import dis
  MISSING = object()
  def in_handler(fn):
      try:
          raise KeyError('handled')
      except KeyError:
          return fn()
  def real_raise(exc=MISSING, cause=MISSING):
      if exc is MISSING:
          raise
      if cause is MISSING:
          raise exc
      raise exc from cause
  def helper_raise(*args):
      rc, e = T.raise_(*args)
      return rc, (describe_exc(e), repr(e.__cause__), repr(e.__context__), e.__suppress_context__)
  class Liar(Exception):
      def __new__(cls):
          return 5
  def caught(exc):
      try:
          raise exc
      except BaseException as e:
          return e
`);

describe("RAISE_VARARGS", () => {
  const both = (args: string, rc: number, expected: string, where = (s: string) => s) => {
    const helper = rt.eval(where(`helper_raise(${args})`));
    const real = rt.eval(where(`raised(lambda: real_raise(${args}))`));
    expect(helper).toBe(`(${rc}, ${real})`);
    expect(real).toBe(expected);
  };
  const inHandler = (s: string) => `in_handler(lambda: ${s})`;

  it("raises classes, instances and causes like do_raise", () => {
    both("ValueError", 0, "('ValueError: ', 'None', 'None', False)");
    both("ValueError('v')", 0, "('ValueError: v', 'None', 'None', False)");
    both("ValueError('v'), KeyError", 0, "('ValueError: v', 'KeyError()', 'None', True)");
    both("ValueError('v'), KeyError('c')", 0, "('ValueError: v', \"KeyError('c')\", 'None', True)");
    both("ValueError('v'), None", 0, "('ValueError: v', 'None', 'None', True)");
  });

  it("rejects what cannot be raised, with 3.11's messages", () => {
    both("5", 0, "('TypeError: exceptions must derive from BaseException', 'None', 'None', False)");
    both("ValueError, 5", 0, "('TypeError: exception causes must derive from BaseException', 'None', 'None', False)");
    both("Liar", 0,
      "(\"TypeError: calling <class '__main__.Liar'> should have returned an instance of BaseException, not <class 'int'>\", 'None', 'None', False)");
    both("", 0, "('RuntimeError: No active exception to reraise', 'None', 'None', False)");
  });

  it("chains the handled exception; a bare raise re-raises it (result 1)", () => {
    both("ValueError('v')", 0, "('ValueError: v', 'None', \"KeyError('handled')\", False)", inHandler);
    both("", 1, "(\"KeyError: 'handled'\", 'None', 'None', False)", inHandler);
    expect(rt.eval("in_handler(lambda: (lambda e=sys.exc_info()[1]: T.raise_()[1] is e)())")).toBe("True");
  });
});

describe("RERAISE and landing in a handler", () => {
  run(rt, "err = caught(ValueError('r'))");

  it("RERAISE restores the exception with its own traceback", () => {
    expect(rt.eval("(lambda r: (r[1] is err, r[2] is err.__traceback__))(T.reraise(err))")).toBe("(True, True)");
    expect(rt.eval("T.reraise(err, 7)[0]")).toBe("7");
    expect(rt.eval("describe_exc(T.reraise(err, 'x')[1])")).toBe("SystemError: lasti is not an int");
  });

  it("catch: normalized value with __traceback__ set (None without one)", () => {
    expectSame(rt, "T.catch(KeyError, ('k',))", "caught(KeyError('k'))", "ok KeyError('k')");
    expectSame(rt, "T.catch(ValueError, 'msg')", "caught(ValueError('msg'))", "ok ValueError('msg')");
    expect(rt.eval("T.catch(KeyError, ('k',)).__traceback__")).toBe("None");
    expect(rt.eval("T.catch(ValueError, err, err.__traceback__).__traceback__ is err.__traceback__")).toBe("True");
    expect(rt.eval("T.catch(ValueError, err) is err")).toBe("True");
  });

  it("lasti: prev_instr in code units", () => {
    run(rt, py`
      def lasti_probe():
          return T.lasti()
      def call_offset(fn):
          ins = list(dis.get_instructions(fn))
          at = next(k for k, x in enumerate(ins) if x.argval == 'lasti')
          return next(x.offset for x in ins[at:] if x.opname == 'CALL')
    `);
    expect(rt.eval("lasti_probe() == call_offset(lasti_probe) // 2")).toBe("True");
  });

  it("PUSH_EXC_INFO / POP_EXCEPT swap the handled exception", () => {
    run(rt, "v = ValueError('pushed')");
    expect(rt.eval("(lambda r: (r[0], r[1] is v, r[2]))(T.push_pop(v))")).toBe("(None, True, None)");
    expect(rt.eval("in_handler(lambda: (lambda h, r: (r[0] is h, r[1] is v, r[2] is h))(sys.exc_info()[1], T.push_pop(v)))"))
      .toBe("(True, True, True)");
  });
});

describe("except and except*", () => {
  run(rt, py`
    def real_except(exc, typ):
        try:
            raise exc
        except typ:
            return True
        except BaseException:
            return False
    def real_star(exc, typ):
        caught_shape = None
        try:
            try:
                raise exc
            except* typ as g:
                caught_shape = shape(g)
        except BaseExceptionGroup as rest:
            return caught_shape, shape(rest)
        return caught_shape, None
    def helper_star(exc, typ):
        rest, match, handled = T.check_eg_match(exc, typ)
        assert handled is match or match is None
        if match is None:
            return None, shape(exc)
        return shape(match), shape(rest) if rest is not None else None
    eg = ExceptionGroup('m', [ValueError(1), ExceptionGroup('inner', [TypeError(2), ValueError(3)])])
  `);

  it("CHECK_EXC_MATCH", () => {
    expectSame(rt, "T.check_exc_match(ValueError(), ValueError)", "real_except(ValueError(), ValueError)", "ok True");
    expectSame(rt, "T.check_exc_match(ValueError(), (KeyError, Exception))", "real_except(ValueError(), (KeyError, Exception))", "ok True");
    expectSame(rt, "T.check_exc_match(ValueError(), KeyError)", "real_except(ValueError(), KeyError)", "ok False");
    const bad = "TypeError: catching classes that do not inherit from BaseException is not allowed";
    expectSame(rt, "T.check_exc_match(ValueError(), 5)", "real_except(ValueError(), 5)", bad);
    expectSame(rt, "T.check_exc_match(ValueError(), (KeyError, 5))", "real_except(ValueError(), (KeyError, 5))", bad);
  });

  it("CHECK_EG_MATCH splits groups, wraps naked exceptions, rejects group types", () => {
    expectSame(rt, "helper_star(ValueError(1), ValueError)", "real_star(ValueError(1), ValueError)",
      "ok (('ExceptionGroup', '', ['ValueError(1)']), None)");
    expectSame(rt, "helper_star(eg, ValueError)", "real_star(eg, ValueError)",
      "ok (('ExceptionGroup', 'm', ['ValueError(1)', ('ExceptionGroup', 'inner', ['ValueError(3)'])]), " +
      "('ExceptionGroup', 'm', [('ExceptionGroup', 'inner', ['TypeError(2)'])]))");
    expectSame(rt, "helper_star(eg, OSError)", "real_star(eg, OSError)",
      "ok (None, ('ExceptionGroup', 'm', ['ValueError(1)', ('ExceptionGroup', 'inner', ['TypeError(2)', 'ValueError(3)'])]))");
    expectSame(rt, "helper_star(eg, Exception)", "real_star(eg, Exception)", /^ok \(\('ExceptionGroup', 'm'/);
    expectSame(rt, "helper_star(eg, ExceptionGroup)", "real_star(eg, ExceptionGroup)",
      "TypeError: catching ExceptionGroup with except* is not allowed. Use except instead.");
    expectSame(rt, "helper_star(eg, (ValueError, BaseExceptionGroup))", "real_star(eg, (ValueError, BaseExceptionGroup))",
      "TypeError: catching ExceptionGroup with except* is not allowed. Use except instead.");
    expectSame(rt, "helper_star(eg, 5)", "real_star(eg, 5)",
      "TypeError: catching classes that do not inherit from BaseException is not allowed");
    // No match: the handled exception is left alone.
    expect(rt.eval("in_handler(lambda: (lambda h: T.check_eg_match(eg, OSError)[2] is h)(sys.exc_info()[1]))")).toBe("True");
  });

  it("PREP_RERAISE_STAR keeps re-raised leaves in place and adds raised ones as siblings", () => {
    run(rt, py`
      def make_eg():
          return ExceptionGroup('eg', [ValueError(1), TypeError(2), ExceptionGroup('sub', [OSError(3), ValueError(4)])])
      def real_mixed():
          try:
              raise make_eg()
          except* ValueError:
              raise
          except* TypeError:
              raise KeyError('new')
      def real_handled():
          try:
              raise make_eg()
          except* Exception:
              pass
      def real_only_reraise():
          try:
              raise make_eg()
          except* ValueError:
              raise
      def real_pass_type():
          try:
              raise make_eg()
          except* TypeError:
              pass
      def raise_it(e):
          raise e
      def real_naked():
          try:
              raise ValueError(1)
          except* ValueError:
              raise KeyError('new')
      def clauses(orig, *spec):
          # What a compiled except* block collects: per clause (type, action), the match
          # re-raised as is ('reraise': same metadata as orig), nothing ('pass') or a new
          # exception; then the unmatched rest.
          excs, rest = [], orig
          for typ, action in spec:
              if rest is None:
                  break
              match, rest = rest.split(typ)
              if match is not None and action == 'reraise':
                  excs.append(match)
              elif match is not None and action != 'pass':
                  excs.append(action)
          excs.append(rest)
          return excs
      def prep(*spec):
          orig = caught(make_eg())
          result = T.prep_reraise_star(orig, clauses(orig, *spec))
          if result is not None:
              raise result
      def final_shape(fn):
          try:
              fn()
          except BaseException as e:
              return shape(e)
          return None
    `);
    expectSame(rt, "final_shape(lambda: prep((ValueError, 'reraise'), (TypeError, KeyError('new'))))",
      "final_shape(real_mixed)",
      "ok ('ExceptionGroup', '', [\"KeyError('new')\", ('ExceptionGroup', 'eg', ['ValueError(1)', " +
      "('ExceptionGroup', 'sub', ['OSError(3)', 'ValueError(4)'])])])");
    expectSame(rt, "final_shape(lambda: prep((ValueError, 'reraise')))", "final_shape(real_only_reraise)",
      "ok ('ExceptionGroup', 'eg', ['ValueError(1)', 'TypeError(2)', ('ExceptionGroup', 'sub', ['OSError(3)', 'ValueError(4)'])])");
    expectSame(rt, "final_shape(lambda: prep((Exception, 'pass')))", "final_shape(real_handled)", "ok None");
    expectSame(rt, "final_shape(lambda: prep((TypeError, 'pass')))",
      "final_shape(real_pass_type)",
      "ok ('ExceptionGroup', 'eg', ['ValueError(1)', ('ExceptionGroup', 'sub', ['OSError(3)', 'ValueError(4)'])])");
    expectSame(rt, "final_shape(lambda: raise_it(T.prep_reraise_star(ValueError(1), [KeyError('new'), None])))",
      "final_shape(real_naked)", "ok \"KeyError('new')\"");
  });

  it("PREP_RERAISE_STAR edge cases", () => {
    expect(rt.eval("T.prep_reraise_star(ValueError(1), [])")).toBe("None");
    expect(rt.eval("T.prep_reraise_star(caught(make_eg()), [None])")).toBe("None");
    expect(rt.eval("(lambda k: T.prep_reraise_star(ValueError(1), [k, None]) is k)(KeyError('new'))")).toBe("True");
  });
});

describe("with", () => {
  run(rt, py`
    class Rec:
        def __enter__(self):
            return 'entered'
        def __exit__(self, *args):
            self.args = args
            return True
    class EnterOnly:
        def __enter__(self):
            return self
    class EnterFails(Rec):
        def __enter__(self):
            raise OSError('enter failed')
    class InstanceEnter:
        def __init__(self):
            self.__enter__ = lambda: 1
            self.__exit__ = lambda *a: None
    def real_with(mgr):
        with mgr as v:
            return v
  `);

  it("BEFORE_WITH: bound __exit__ and __enter__()'s result, or 3.11's TypeErrors", () => {
    expect(rt.eval("(lambda r, m: (r[0] == m.__exit__, r[1]))(*(lambda m: (T.before_with(m), m))(Rec()))")).toBe(
      "(True, 'entered')",
    );
    expectSame(rt, "T.before_with(Rec())[1]", "real_with(Rec())", "ok 'entered'");
    expectSame(rt, "T.before_with(5)", "real_with(5)", "TypeError: 'int' object does not support the context manager protocol");
    expectSame(rt, "T.before_with(EnterOnly())", "real_with(EnterOnly())",
      "TypeError: 'EnterOnly' object does not support the context manager protocol (missed __exit__ method)");
    expectSame(rt, "T.before_with(InstanceEnter())", "real_with(InstanceEnter())",
      "TypeError: 'InstanceEnter' object does not support the context manager protocol");
    expectSame(rt, "T.before_with(EnterFails())", "real_with(EnterFails())", "OSError: enter failed");
  });

  it("WITH_EXCEPT_START calls __exit__(type, value, traceback)", () => {
    run(rt, py`
      def real_exit_args(exc):
          r = Rec()
          with r:
              raise exc
          return r.args
      def helper_exit_args(exc):
          r = Rec()
          e = caught(exc)
          assert T.with_except_start(r.__exit__, e) is True
          return r.args
      def check(args):
          return (args[0], type(args[1]), args[2] is args[1].__traceback__ and args[2] is not None)
    `);
    expectSame(rt, "check(helper_exit_args(ValueError('w')))", "check(real_exit_args(ValueError('w')))",
      "ok (<class 'ValueError'>, <class 'ValueError'>, True)");
  });
});
