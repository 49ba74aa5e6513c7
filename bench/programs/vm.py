"""VM: a stack-based bytecode virtual machine with an assembler (labels, forward jumps), call
frames and a dispatch loop, running two programs written in its assembly: counting primes by
trial division and a recursive Fibonacci. An interpreter inside the interpreter: a long if/elif
dispatch chain, list push/pop, small objects.

Hot function: run(n) -> str, the VM programs' results and the number of instructions executed.
Usage: python3.11 vm.py N
"""

import sys

(PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, EQ, JMP, JZ, CALL, RET, ARG, DUP, POP, HALT) = range(17)


class Assembler:
    def __init__(self):
        self.code = []
        self.labels = {}
        self.fixups = []

    def emit(self, op, arg=0):
        self.code.append([op, arg])
        return self

    def jump(self, op, label):
        self.fixups.append((len(self.code), label))
        self.code.append([op, -1])
        return self

    def label(self, name):
        self.labels[name] = len(self.code)
        return self

    def assemble(self):
        for at, name in self.fixups:
            self.code[at][1] = self.labels[name]
        return [(op, arg) for op, arg in self.code]


class Frame:
    __slots__ = ("return_pc", "args", "stack_base")

    def __init__(self, return_pc, args, stack_base):
        self.return_pc = return_pc
        self.args = args
        self.stack_base = stack_base


class VM:
    def __init__(self, code, nglobals):
        self.code = code
        self.globals = [0] * nglobals
        self.steps = 0

    def run(self, entry, args):
        code = self.code
        stack = []
        frames = [Frame(-1, args, 0)]
        frame = frames[0]
        glob = self.globals
        pc = entry
        steps = 0
        while True:
            op, arg = code[pc]
            pc += 1
            steps += 1
            if op == PUSH:
                stack.append(arg)
            elif op == LOAD:
                stack.append(glob[arg])
            elif op == STORE:
                glob[arg] = stack.pop()
            elif op == ARG:
                stack.append(frame.args[arg])
            elif op == ADD:
                b = stack.pop()
                stack[-1] = stack[-1] + b
            elif op == SUB:
                b = stack.pop()
                stack[-1] = stack[-1] - b
            elif op == MUL:
                b = stack.pop()
                stack[-1] = stack[-1] * b
            elif op == MOD:
                b = stack.pop()
                stack[-1] = stack[-1] % b
            elif op == LT:
                b = stack.pop()
                stack[-1] = 1 if stack[-1] < b else 0
            elif op == EQ:
                b = stack.pop()
                stack[-1] = 1 if stack[-1] == b else 0
            elif op == JZ:
                if stack.pop() == 0:
                    pc = arg
            elif op == JMP:
                pc = arg
            elif op == DUP:
                stack.append(stack[-1])
            elif op == POP:
                stack.pop()
            elif op == CALL:
                # arg = number of arguments; the callee address is on top of them.
                target = stack.pop()
                base = len(stack) - arg
                frame = Frame(pc, stack[base:], base)
                del stack[base:]
                frames.append(frame)
                pc = target
            elif op == RET:
                result = stack.pop()
                del stack[frame.stack_base:]
                frames.pop()
                pc = frame.return_pc
                if pc < 0:
                    self.steps += steps
                    return result
                frame = frames[-1]
                stack.append(result)
            elif op == HALT:
                self.steps += steps
                return stack.pop() if stack else None
            else:
                raise ValueError(f"bad opcode {op}")


def primes_program(a):
    """count = 0; for i in 2..n-1: for d in 2.. while d*d <= i: if i % d == 0: composite."""
    N, I, D, COUNT = 0, 1, 2, 3
    (a.label("primes").emit(ARG, 0).emit(STORE, N).emit(PUSH, 0).emit(STORE, COUNT).emit(PUSH, 2).emit(STORE, I)
     .label("outer").emit(LOAD, I).emit(LOAD, N).emit(LT).jump(JZ, "done")
     .emit(PUSH, 2).emit(STORE, D)
     .label("inner").emit(LOAD, D).emit(LOAD, D).emit(MUL).emit(LOAD, I).emit(PUSH, 1).emit(ADD).emit(LT).jump(JZ, "prime")
     .emit(LOAD, I).emit(LOAD, D).emit(MOD).jump(JZ, "next")
     .emit(LOAD, D).emit(PUSH, 1).emit(ADD).emit(STORE, D).jump(JMP, "inner")
     .label("prime").emit(LOAD, COUNT).emit(PUSH, 1).emit(ADD).emit(STORE, COUNT)
     .label("next").emit(LOAD, I).emit(PUSH, 1).emit(ADD).emit(STORE, I).jump(JMP, "outer")
     .label("done").emit(LOAD, COUNT).emit(RET))


def fib_program(a):
    """fib(k) = k if k < 2 else fib(k - 1) + fib(k - 2), with real calls and frames."""
    (a.label("fib").emit(ARG, 0).emit(PUSH, 2).emit(LT).jump(JZ, "recurse")
     .emit(ARG, 0).emit(RET)
     .label("recurse")
     .emit(ARG, 0).emit(PUSH, 1).emit(SUB).jump(PUSH, "fib").emit(CALL, 1)
     .emit(ARG, 0).emit(PUSH, 2).emit(SUB).jump(PUSH, "fib").emit(CALL, 1)
     .emit(ADD).emit(RET))


def run(n):
    a = Assembler()
    primes_program(a)
    fib_program(a)
    code = a.assemble()
    vm = VM(code, 4)
    primes = vm.run(a.labels["primes"], [n])
    fib = vm.run(a.labels["fib"], [12 + n.bit_length() // 2])
    return f"{primes} {fib} {vm.steps}"


if __name__ == "__main__":
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else 4000))
