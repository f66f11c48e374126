"""Free slots per provider, with O(1) or O(log P) choice by assignment rule.

Slots are counts, not simulation resources. Each structure keeps ``n`` (free slots in
all), ``put(p)`` (one more free slot at provider p), ``fill(counts)`` (``counts[p]``
puts for each provider in turn, at the start), ``take(u)`` (choose a provider by the
rule using the uniform ``u`` and occupy one of its free slots) and ``drop(p)`` (remove a
free slot at p because its slot count fell; False if p has none free).
"""

from __future__ import annotations

import heapq
from math import trunc  # int(x) of a float x >= 0, for a third of int's cost (a type call)


class _Puts:
    """``fill`` as the puts it stands for."""

    def put(self, p: int) -> None:
        raise NotImplementedError

    def fill(self, counts: list[int]) -> None:
        for p, count in enumerate(counts):
            for _ in range(count):
                self.put(p)


class Proportional(_Puts):
    """Choose proportional to free slots: a uniformly random free slot (token list).

    ``drop(p)`` removes p's token at the lowest position, as a scan of the list would,
    but in O(log n): ``where[p]`` is a min-heap of the positions that held p, pruned
    lazily (a position is pushed whenever p is written there, and an entry is current
    only while the list still holds p at it). A national program that starts full drops
    40,000 tokens; the scan made that quadratic.

    Only drops need ``where``, and they come in bursts (the start, a month whose slots
    fall), while puts and takes come with every event. So the index is built from the
    list at the first drop of a burst, kept up to date by puts and removals while it
    exists, and thrown away by the next take: the event loop of a program whose slots
    never fall pays nothing for it.
    """

    def __init__(self, n_providers: int) -> None:
        self.tokens: list[int] = []
        self.where: list[list[int]] | None = None
        self.n_providers = n_providers
        self.n = 0

    def put(self, p: int) -> None:
        if self.where is not None:
            heapq.heappush(self.where[p], len(self.tokens))
        self.tokens.append(p)
        self.n += 1

    def fill(self, counts: list[int]) -> None:
        """The puts in one go (a seed replication starts with 161 of them)."""
        if self.where is not None:
            super().fill(counts)
            return
        for p, count in enumerate(counts):
            self.tokens.extend([p] * count)
        self.n = len(self.tokens)

    def take(self, u: float) -> int:
        self.where = None
        tokens = self.tokens
        k = trunc(u * self.n)
        p = tokens[k]
        tokens[k] = tokens[-1]  # the last token into the taken one's place
        tokens.pop()
        self.n -= 1
        return p

    def drop(self, p: int) -> bool:
        tokens = self.tokens
        if self.where is None:
            self.where = [[] for _ in range(self.n_providers)]
            for k, q in enumerate(tokens):
                self.where[q].append(k)  # ascending positions: already a heap
        heap = self.where[p]
        while heap:
            k = heap[0]
            if k < len(tokens) and tokens[k] == p:
                last = tokens.pop()
                if k < len(tokens):
                    tokens[k] = last
                    heapq.heappush(self.where[last], k)
                self.n -= 1
                return True
            heapq.heappop(heap)  # stale: the list no longer holds p there
        return False


class Uniform(_Puts):
    """Choose uniformly among providers with a free slot (swap-remove list of them)."""

    def __init__(self, n_providers: int) -> None:
        self.free = [0] * n_providers
        self.open: list[int] = []
        self.pos = [0] * n_providers
        self.n = 0

    def put(self, p: int) -> None:
        self.free[p] += 1
        self.n += 1
        if self.free[p] == 1:
            self.pos[p] = len(self.open)
            self.open.append(p)

    def take(self, u: float) -> int:
        p = self.open[trunc(u * len(self.open))]
        self._remove(p)
        return p

    def drop(self, p: int) -> bool:
        if not self.free[p]:
            return False
        self._remove(p)
        return True

    def _remove(self, p: int) -> None:
        self.free[p] -= 1
        self.n -= 1
        if not self.free[p]:
            k, last = self.pos[p], self.open.pop()
            if last != p:
                self.open[k] = last
                self.pos[last] = k


class First(_Puts):
    """Choose the first provider in listed order with a free slot (lazy min-heap)."""

    def __init__(self, n_providers: int) -> None:
        self.free = [0] * n_providers
        self.heap: list[int] = []
        self.in_heap = [False] * n_providers
        self.n = 0

    def put(self, p: int) -> None:
        self.free[p] += 1
        self.n += 1
        if not self.in_heap[p]:
            self.in_heap[p] = True
            heapq.heappush(self.heap, p)

    def take(self, u: float) -> int:
        heap, free = self.heap, self.free
        while not free[heap[0]]:
            self.in_heap[heapq.heappop(heap)] = False
        p = heap[0]
        free[p] -= 1
        self.n -= 1
        return p

    def drop(self, p: int) -> bool:
        if not self.free[p]:
            return False
        self.free[p] -= 1
        self.n -= 1
        return True


RULES = {"proportional": Proportional, "random": Uniform, "first": First}
