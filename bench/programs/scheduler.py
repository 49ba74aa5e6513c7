"""Scheduler: a small operating-system kernel in the style of Richards' benchmark, written for
pyjc. Six tasks (an idle task, a worker, two handlers, two devices) of four classes pass packets
through per-task queues; the kernel runs the highest-priority runnable task and tasks wait, hold
and release one another. Object-oriented code: method calls, attribute access, linked lists.

Hot function: run(count) -> str, the number of packets sent and of holds.
Usage: python3.11 scheduler.py COUNT
"""

import sys

IDLE, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = range(6)
KIND_DEVICE, KIND_WORK = 0, 1
DATA_SIZE = 4


class Packet:
    def __init__(self, link, dest, kind):
        self.link = link
        self.dest = dest
        self.kind = kind
        self.datum = 0
        self.data = [0] * DATA_SIZE

    def append_to(self, queue):
        """Appends this packet to the queue starting at `queue`; returns the queue's head."""
        self.link = None
        if queue is None:
            return self
        tail = queue
        while tail.link is not None:
            tail = tail.link
        tail.link = self
        return queue


class Kernel:
    def __init__(self):
        self.tasks = [None] * 6
        self.head = None
        self.current = None
        self.queue_count = 0
        self.hold_count = 0

    def add(self, task):
        """Tasks are kept in a list sorted by decreasing priority."""
        self.tasks[task.ident] = task
        if self.head is None or task.priority > self.head.priority:
            task.next = self.head
            self.head = task
            return
        t = self.head
        while t.next is not None and t.next.priority >= task.priority:
            t = t.next
        task.next = t.next
        t.next = task

    def schedule(self):
        task = self.head
        while task is not None:
            if task.runnable():
                self.current = task
                task = task.step(task.take_packet())
            else:
                task = task.next

    def send(self, packet):
        """Queues the packet on its destination; runs the destination next if it is more urgent."""
        self.queue_count += 1
        dest = self.tasks[packet.dest]
        current = self.current
        packet.dest = current.ident
        if dest.queue is None:
            dest.queue = packet.append_to(None)
            if dest.priority > current.priority:
                return dest
            return current
        dest.queue = packet.append_to(dest.queue)
        return current

    def release(self, ident):
        task = self.tasks[ident]
        task.held = False
        if task.priority > self.current.priority:
            return task
        return self.current


class Task:
    def __init__(self, kernel, ident, priority, queue):
        self.kernel = kernel
        self.ident = ident
        self.priority = priority
        self.queue = queue
        self.waiting = queue is not None
        self.held = False
        self.next = None
        kernel.add(self)

    def runnable(self):
        return not self.held and (not self.waiting or self.queue is not None)

    def take_packet(self):
        if not self.waiting:
            return None
        packet = self.queue
        self.queue = packet.link
        self.waiting = False
        return packet

    def wait(self):
        self.waiting = True
        return self

    def hold(self):
        self.kernel.hold_count += 1
        self.held = True
        return self.next


class IdleTask(Task):
    def __init__(self, kernel, count):
        super().__init__(kernel, IDLE, 0, None)
        self.count = count
        self.seed = 1

    def step(self, packet):
        self.count -= 1
        if self.count == 0:
            return self.hold()
        if self.seed & 1 == 0:
            self.seed >>= 1
            return self.kernel.release(DEVICE_A)
        self.seed = (self.seed >> 1) ^ 0xD008
        return self.kernel.release(DEVICE_B)


class WorkerTask(Task):
    def __init__(self, kernel, queue):
        super().__init__(kernel, WORKER, 1000, queue)
        self.handler = HANDLER_A
        self.letter = 0

    def step(self, packet):
        if packet is None:
            return self.wait()
        self.handler = HANDLER_B if self.handler == HANDLER_A else HANDLER_A
        packet.dest = self.handler
        packet.datum = 0
        for i in range(DATA_SIZE):
            self.letter = self.letter % 26 + 1
            packet.data[i] = self.letter
        return self.kernel.send(packet)


class HandlerTask(Task):
    def __init__(self, kernel, ident, priority, device, queue):
        super().__init__(kernel, ident, priority, queue)
        self.device = device
        self.work_in = None
        self.device_in = None

    def step(self, packet):
        if packet is not None:
            if packet.kind == KIND_WORK:
                self.work_in = packet.append_to(self.work_in)
            else:
                self.device_in = packet.append_to(self.device_in)
        work = self.work_in
        if work is not None:
            count = work.datum
            if count >= DATA_SIZE:
                self.work_in = work.link
                work.dest = WORKER
                return self.kernel.send(work)
            dev = self.device_in
            if dev is not None:
                self.device_in = dev.link
                dev.datum = work.data[count]
                work.datum = count + 1
                dev.dest = self.device
                return self.kernel.send(dev)
        return self.wait()


class DeviceTask(Task):
    def __init__(self, kernel, ident, priority, handler):
        super().__init__(kernel, ident, priority, None)
        self.handler = handler
        self.pending = None
        self.waiting = True

    def step(self, packet):
        if packet is None:
            pending = self.pending
            if pending is None:
                return self.wait()
            self.pending = None
            pending.dest = self.handler
            return self.kernel.send(pending)
        self.pending = packet
        return self.hold()


def run(count):
    kernel = Kernel()
    IdleTask(kernel, count)
    work = Packet(None, WORKER, KIND_WORK)
    work = Packet(work, WORKER, KIND_WORK)
    WorkerTask(kernel, work)
    for handler, device, priority in ((HANDLER_A, DEVICE_A, 2000), (HANDLER_B, DEVICE_B, 3000)):
        queue = None
        for _ in range(3):
            queue = Packet(queue, device, KIND_DEVICE)
        HandlerTask(kernel, handler, priority, device, queue)
    DeviceTask(kernel, DEVICE_A, 4000, HANDLER_A)
    DeviceTask(kernel, DEVICE_B, 5000, HANDLER_B)
    kernel.schedule()
    return f"{kernel.queue_count} {kernel.hold_count}"


if __name__ == "__main__":
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else 25000))
