"""Measuring how long tensor code takes, fairly on CPU and GPU."""

__all__ = ["time_function"]


def time_function(fn, *args, min_run_time: float = 0.2, **kwargs) -> float:
    """Median seconds one call ``fn(*args, **kwargs)`` takes.

    Uses :class:`torch.utils.benchmark.Timer`, which warms up, repeats the call until
    ``min_run_time`` seconds have passed and waits for queued CUDA work, so GPU timings are real.
    A slow function is still called at least twice.
    """
    # Imported here, not with dlcv: importing it warns "No CUDA runtime is found" on every CPU machine.
    from torch.utils import benchmark

    timer = benchmark.Timer(stmt="fn(*args, **kwargs)", globals={"fn": fn, "args": args, "kwargs": kwargs})
    return timer.blocked_autorange(min_run_time=min_run_time).median
