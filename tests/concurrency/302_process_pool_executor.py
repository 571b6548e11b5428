# concurrent.futures.ProcessPoolExecutor under fork, spawn and forkserver: map (with
# chunksize), submit/result, exceptions raised in workers, as_completed, wait, initializer,
# max_tasks_per_child, shutdown.
import concurrent.futures as cf
import multiprocessing as mp
import os

counter = 0


def init(value):
    global counter
    counter = value


def cube(x):
    return x ** 3


def bump(x):
    global counter
    counter += 1
    return counter


def boom(x):
    raise KeyError(x)


def worker_pid(_):
    return os.getpid()


def run(method):
    print("==", method)
    ctx = mp.get_context(method)
    with cf.ProcessPoolExecutor(max_workers=2, mp_context=ctx) as ex:
        print("map", list(ex.map(cube, range(6))))
        print("map chunks", list(ex.map(cube, range(10), chunksize=3)))
        print("submit", ex.submit(cube, 5).result())
        fut = ex.submit(boom, "k")
        try:
            fut.result()
        except KeyError as e:
            print("exception:", repr(e), type(fut.exception()).__name__)
        futures = [ex.submit(cube, i) for i in range(5)]
        print("as_completed", sorted(f.result() for f in cf.as_completed(futures)))
        done, not_done = cf.wait(futures)
        print("wait", len(done), len(not_done))
    with cf.ProcessPoolExecutor(max_workers=1, mp_context=ctx, initializer=init, initargs=(100,)) as ex:
        print("initializer", [ex.submit(bump, 0).result() for _ in range(3)])
    if method != "fork":  # max_tasks_per_child is refused with fork
        with cf.ProcessPoolExecutor(max_workers=1, mp_context=ctx, max_tasks_per_child=2) as ex:
            pids = [ex.submit(worker_pid, i).result() for i in range(4)]
            print("max_tasks_per_child: distinct workers", len(set(pids)))
    else:
        try:
            cf.ProcessPoolExecutor(max_workers=1, mp_context=ctx, max_tasks_per_child=2)
        except ValueError as e:
            print("max_tasks_per_child:", e)
    ex = cf.ProcessPoolExecutor(max_workers=2, mp_context=ctx)
    print("after shutdown", list(ex.map(cube, [2])))
    ex.shutdown()
    try:
        ex.submit(cube, 1)
    except RuntimeError as e:
        print("submit after shutdown:", e)


if __name__ == "__main__":
    for method in ("fork", "spawn", "forkserver"):
        run(method)
