"""The free-slot structures choose exactly as their plain definitions do."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from finsim.simulation.freeslots import RULES, Proportional


class ScanProportional:
    """The plain definition: a token per free slot, drop scans for the first."""

    def __init__(self) -> None:
        self.tokens: list[int] = []

    def put(self, p: int) -> None:
        self.tokens.append(p)

    def take(self, u: float) -> int:
        k = int(u * len(self.tokens))
        p, last = self.tokens[k], self.tokens.pop()
        if k < len(self.tokens):
            self.tokens[k] = last
        return p

    def drop(self, p: int) -> bool:
        if p not in self.tokens:
            return False
        k, last = self.tokens.index(p), self.tokens.pop()
        if k < len(self.tokens):
            self.tokens[k] = last
        return True


operations = st.lists(st.one_of(
    st.tuples(st.just("put"), st.integers(0, 3)),
    st.tuples(st.just("take"), st.floats(0, 1, exclude_max=True)),
    st.tuples(st.just("drop"), st.integers(0, 3))), max_size=200)


@settings(max_examples=300, deadline=None)
@given(operations)
def test_proportional_matches_the_scan(ops) -> None:
    fast, plain = Proportional(4), ScanProportional()
    for op, arg in ops:
        if op == "take":
            if not plain.tokens:
                continue
            assert fast.take(arg) == plain.take(arg)
        else:
            assert getattr(fast, op)(arg) == getattr(plain, op)(arg)
        assert fast.tokens == plain.tokens and fast.n == len(plain.tokens)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=4, max_size=4), operations)
def test_fill_is_the_puts_it_stands_for(counts, ops) -> None:
    """Filled at once or put one by one, every rule then chooses the same."""
    for rule in RULES.values():
        filled, put = rule(4), rule(4)
        filled.fill(counts)
        for p, count in enumerate(counts):
            for _ in range(count):
                put.put(p)
        for op, arg in ops:
            if op == "take":
                if not put.n:
                    continue
                assert filled.take(arg) == put.take(arg)
            else:
                assert getattr(filled, op)(arg) == getattr(put, op)(arg)
            assert filled.n == put.n
