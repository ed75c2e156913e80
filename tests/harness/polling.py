"""Waiting for something another process does, without waiting on the clock.

``wait_until(check)`` asks again and again until ``check()`` returns something true and returns
that; past the deadline it fails the test, saying what it waited for. No test sleeps a fixed time.
"""

import time


def wait_until(check, *, timeout=30, interval=0.1, waiting_for=None):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise AssertionError(f"waited {timeout} s for {waiting_for or getattr(check, '__name__', 'a condition')}")
        time.sleep(interval)
