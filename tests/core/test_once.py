"""load_once: one computation however many threads ask first, and no deadlock after a fork."""

import os
import threading
import time

from core.once import load_once


def test_concurrent_first_callers_share_one_computation() -> None:
    runs: list[int] = []

    @load_once
    def slow() -> int:
        time.sleep(0.05)
        runs.append(1)
        return len(runs)

    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(slow())) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert runs == [1]
    assert results == [1] * 6


def test_a_process_forked_during_the_computation_computes_it_itself() -> None:
    started, release = threading.Event(), threading.Event()

    @load_once
    def value() -> str:
        if threading.current_thread() is not threading.main_thread():
            started.set()
            release.wait(5)
        return "ready"

    holder = threading.Thread(target=value)
    holder.start()
    assert started.wait(5)
    pid = os.fork()
    if pid == 0:  # the child: the lock's holder did not come along
        os._exit(0 if value() == "ready" else 1)
    deadline = time.monotonic() + 10
    status = None
    while status is None and time.monotonic() < deadline:
        finished, code = os.waitpid(pid, os.WNOHANG)
        if finished:
            status = code
        else:
            time.sleep(0.05)
    if status is None:  # deadlocked: the lock came along locked
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    release.set()
    holder.join()
    assert status is not None and os.waitstatus_to_exitcode(status) == 0
