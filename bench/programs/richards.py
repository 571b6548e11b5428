# An OO task scheduler in the style of the Richards benchmark (written from scratch):
# prioritised tasks pass packets through queues, held/waiting states, a pseudo-random idle
# task; almost every step is a method call or an instance attribute load/store.
IDLE, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = range(6)
WORK, DEVICE = "work", "device"


class Packet:
    def __init__(self, kind, sender):
        self.kind = kind
        self.sender = sender
        self.link = None
        self.datum = 0
        self.data = [0, 0, 0, 0]


def append(queue, packet):
    packet.link = None
    if queue is None:
        return packet
    tail = queue
    while tail.link is not None:
        tail = tail.link
    tail.link = packet
    return queue


class Task:
    def __init__(self, scheduler, ident, priority):
        self.scheduler = scheduler
        self.ident = ident
        self.priority = priority
        self.queue = None
        self.waiting = False
        self.held = False
        self.next_task = None
        scheduler.add(self)

    def runnable(self):
        return not self.held and (not self.waiting or self.queue is not None)

    def take_packet(self):
        packet = self.queue
        if packet is None or not self.waiting:
            return None
        self.queue = packet.link
        self.waiting = False
        return packet


class Scheduler:
    def __init__(self):
        self.tasks = [None] * 6
        self.head = None
        self.current = None
        self.sends = 0
        self.holds = 0
        self.device_total = 0

    def add(self, task):
        self.tasks[task.ident] = task
        if self.head is None or task.priority > self.head.priority:
            task.next_task = self.head
            self.head = task
            return
        before = self.head
        while before.next_task is not None and before.next_task.priority > task.priority:
            before = before.next_task
        task.next_task = before.next_task
        before.next_task = task

    def run(self):
        task = self.head
        while task is not None:
            if task.runnable():
                self.current = task
                task = task.run(task.take_packet())
            else:
                task = task.next_task

    def wait(self):
        self.current.waiting = True
        return self.current

    def hold(self):
        self.holds += 1
        self.current.held = True
        return self.current.next_task

    def release(self, ident):
        task = self.tasks[ident]
        task.held = False
        return task if task.priority > self.current.priority else self.current

    def send(self, packet, ident):
        self.sends += 1
        target = self.tasks[ident]
        packet.sender = self.current.ident
        target.queue = append(target.queue, packet)
        if target.queue is packet and target.priority > self.current.priority and not target.held:
            return target
        return self.current


class IdleTask(Task):
    def __init__(self, scheduler, count):
        super().__init__(scheduler, IDLE, 0)
        self.seed = 1
        self.count = count

    def run(self, packet):
        self.count -= 1
        if self.count == 0:
            return self.scheduler.hold()
        if self.seed & 1 == 0:
            self.seed >>= 1
            return self.scheduler.release(DEVICE_A)
        self.seed = (self.seed >> 1) ^ 0xD008
        return self.scheduler.release(DEVICE_B)


class WorkerTask(Task):
    def __init__(self, scheduler):
        super().__init__(scheduler, WORKER, 1000)
        self.destination = HANDLER_A
        self.letter = 0
        self.waiting = True
        for _ in range(2):
            self.queue = append(self.queue, Packet(WORK, WORKER))

    def run(self, packet):
        if packet is None:
            return self.scheduler.wait()
        self.destination = HANDLER_B if self.destination == HANDLER_A else HANDLER_A
        packet.datum = 0
        for i in range(4):
            self.letter = self.letter % 26 + 1
            packet.data[i] = self.letter
        return self.scheduler.send(packet, self.destination)


class HandlerTask(Task):
    def __init__(self, scheduler, ident, priority, device):
        super().__init__(scheduler, ident, priority)
        self.device = device
        self.work_queue = None
        self.device_queue = None
        self.waiting = True
        for _ in range(3):
            self.queue = append(self.queue, Packet(DEVICE, ident))

    def run(self, packet):
        if packet is not None:
            if packet.kind == WORK:
                self.work_queue = append(self.work_queue, packet)
            else:
                self.device_queue = append(self.device_queue, packet)
        work = self.work_queue
        if work is not None:
            index = work.datum
            if index >= 4:
                self.work_queue = work.link
                return self.scheduler.send(work, WORKER)
            device_packet = self.device_queue
            if device_packet is not None:
                self.device_queue = device_packet.link
                device_packet.datum = work.data[index]
                work.datum = index + 1
                return self.scheduler.send(device_packet, self.device)
        return self.scheduler.wait()


class DeviceTask(Task):
    def __init__(self, scheduler, ident, priority):
        super().__init__(scheduler, ident, priority)
        self.pending = None
        self.waiting = True

    def run(self, packet):
        if packet is None:
            pending = self.pending
            if pending is None:
                return self.scheduler.wait()
            self.pending = None
            return self.scheduler.send(pending, pending.sender)
        self.pending = packet
        self.scheduler.device_total += packet.datum
        return self.scheduler.hold()


def simulate(count):
    scheduler = Scheduler()
    IdleTask(scheduler, count)
    WorkerTask(scheduler)
    HandlerTask(scheduler, HANDLER_A, 2000, DEVICE_A)
    HandlerTask(scheduler, HANDLER_B, 3000, DEVICE_B)
    DeviceTask(scheduler, DEVICE_A, 4000)
    DeviceTask(scheduler, DEVICE_B, 5000)
    scheduler.run()
    return scheduler.sends, scheduler.holds, scheduler.device_total


results = [simulate(25_000 + 2_000 * i) for i in range(10)]
print(results[0], sum(s + h + d for s, h, d in results))
