# Threads: compiled code running on other threads (where it may never call the compiler), the
# GIL handed back and forth from compiled loops (eval breaker), locks, thread-local state.

import threading


# inputs: smallint
def threads_sum(n):
    results = []
    lock = threading.Lock()

    def work(k):
        total = 0
        for i in range(2000 + k):
            total += i * k
        with lock:
            results.append((k, total))
    ts = [threading.Thread(target=work, args=(i,)) for i in range(n % 5)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return sorted(results)


# inputs: any
def thread_exception(x):
    errors = []

    def work():
        try:
            return 1 / x
        except Exception as e:
            errors.append(type(e).__name__)
    t = threading.Thread(target=work)
    t.start()
    t.join()
    return errors


# inputs: smallint
def thread_local_state(n):
    local = threading.local()
    out = []

    def work(k):
        local.value = k
        for _ in range(100):
            pass
        out.append(local.value == k)
    ts = [threading.Thread(target=work, args=(i,)) for i in range(n % 4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return all(out), len(out)


# inputs: smallint
def ping_pong(n):
    # Two threads alternate through a condition variable; each side runs a compiled loop.
    cond = threading.Condition()
    turn = [0]
    log = []

    def player(me, rounds):
        for _ in range(rounds):
            with cond:
                while turn[0] != me:
                    cond.wait()
                log.append(me)
                turn[0] = 1 - me
                cond.notify_all()
    a = threading.Thread(target=player, args=(0, n % 6))
    b = threading.Thread(target=player, args=(1, n % 6))
    a.start()
    b.start()
    a.join()
    b.join()
    return log
