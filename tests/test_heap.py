"""A process that runs replications keeps freed memory for the next batch."""

from finsim.montecarlo.heap import keep_freed_memory


def test_keeping_freed_memory_is_harmless_and_done_once() -> None:
    keep_freed_memory()
    keep_freed_memory()  # cached: mallopt is called once per process
    assert keep_freed_memory.cache_info().hits >= 1
