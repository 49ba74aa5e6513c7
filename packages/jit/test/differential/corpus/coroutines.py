# Coroutines and generators are left to the interpreter (reason "generator"); the functions that
# drive them (asyncio.run, send/throw/close, yield from delegation) are compiled.

import asyncio


async def _double(x):
    await asyncio.sleep(0)
    return x * 2


async def _gather(xs):
    return await asyncio.gather(*(_double(x) for x in xs))


def _echo():
    received = []
    try:
        while True:
            v = yield len(received)
            received.append(v)
    except GeneratorExit:
        received.append("closed")
        raise
    finally:
        _echo_log.append(tuple(received))


_echo_log = []


# inputs: intlist
def run_coroutines(xs):
    return asyncio.run(_gather(xs))


# inputs: any
def drive_generator(x):
    g = _echo()
    out = [next(g), g.send(x), g.send([x])]
    try:
        g.throw(ValueError("into generator"))
    except ValueError as e:
        out.append(("escaped", str(e)))
    g.close()
    return out


# inputs: smallint
def coroutine_send_protocol(n):
    async def agen():
        for i in range(n % 4):
            yield i
            await asyncio.sleep(0)

    async def consume():
        return [x async for x in agen()]
    return asyncio.run(consume())


# inputs: any
def await_raises(x):
    # Its own event loop, not asyncio.run: asyncio.run installs a SIGINT handler whose repr shows
    # the task, and when repr(x) raises, restoring the handler fails and leaves it installed for
    # the next variant (process state the variants would share).
    async def boom():
        await asyncio.sleep(0)
        raise KeyError(x)
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(boom())
    except KeyError as e:
        return e.args
    finally:
        loop.close()
