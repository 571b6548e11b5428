# multiprocessing under each start method (fork, spawn, forkserver): Process with exit
# codes and terminate, Queue/SimpleQueue/JoinableQueue, Lock/RLock/Semaphore/Event/
# Condition across processes, Pool (map, imap, imap_unordered, starmap, apply_async,
# errors), Manager dict/list proxies. Output is sorted so it does not depend on timing.
import multiprocessing as mp
import sys
import time


def square(x):
    return x * x


def add(a, b):
    return a + b


def fail(x):
    raise ValueError("bad value %d" % x)


def put_under_lock(lock, q, i):
    with lock:
        q.put(i)


def wait_then_report(event, cond, q):
    event.wait()
    with cond:
        q.put("woken")


def consume(jq, out):
    while True:
        item = jq.get()
        if item is None:
            jq.task_done()
            break
        out.put(item + 1)
        jq.task_done()


def fill_proxies(d, l, i):
    d[i] = i * i
    l.append(i)


def exit_with(code):
    sys.exit(code)


def run(method):
    ctx = mp.get_context(method)
    print("==", method, ctx.get_start_method())

    p = ctx.Process(target=square, args=(3,))
    p.start()
    p.join()
    print("exitcode", p.exitcode, p.is_alive())
    p = ctx.Process(target=exit_with, args=(7,))
    p.start()
    p.join()
    print("sys.exit(7) ->", p.exitcode)
    p = ctx.Process(target=time.sleep, args=(30,))
    p.start()
    p.terminate()
    p.join()
    print("terminate ->", p.exitcode)

    lock = ctx.Lock()
    q = ctx.Queue()
    procs = [ctx.Process(target=put_under_lock, args=(lock, q, i)) for i in range(4)]
    for p in procs:
        p.start()
    print("queue", sorted(q.get() for _ in procs))
    for p in procs:
        p.join()

    rlock = ctx.RLock()
    with rlock:
        with rlock:
            print("rlock reentrant")
    sem = ctx.Semaphore(2)
    print("semaphore", sem.acquire(), sem.acquire(), sem.acquire(timeout=0.01), sem.get_value())
    sem.release()
    sem.release()
    bounded = ctx.BoundedSemaphore(1)
    bounded.acquire()
    bounded.release()
    try:
        bounded.release()
    except ValueError as e:
        print("bounded:", e)

    event = ctx.Event()
    cond = ctx.Condition()
    p = ctx.Process(target=wait_then_report, args=(event, cond, q))
    p.start()
    event.set()
    print("event", q.get(), event.is_set())
    p.join()

    jq = ctx.JoinableQueue()
    out = ctx.SimpleQueue()
    p = ctx.Process(target=consume, args=(jq, out))
    p.start()
    for i in range(5):
        jq.put(i)
    jq.put(None)
    jq.join()
    p.join()
    print("joinable", sorted(out.get() for _ in range(5)), out.empty())

    with ctx.Pool(2) as pool:
        print("map", pool.map(square, range(8)))
        print("imap", list(pool.imap(square, range(5))))
        print("imap_unordered", sorted(pool.imap_unordered(square, range(5))))
        print("starmap", pool.starmap(add, [(1, 2), (3, 4)]))
        print("apply_async", pool.apply_async(add, (20, 22)).get(timeout=60))
        try:
            pool.apply_async(fail, (5,)).get(timeout=60)
        except ValueError as e:
            print("error from worker:", e)

    with ctx.Manager() as manager:
        d = manager.dict()
        l = manager.list()
        procs = [ctx.Process(target=fill_proxies, args=(d, l, i)) for i in range(3)]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        print("manager", sorted(d.items()), sorted(l))
        ns = manager.Namespace(x=1)
        ns.x += 1
        print("namespace", ns.x)


if __name__ == "__main__":
    for method in ("fork", "spawn", "forkserver"):
        run(method)
