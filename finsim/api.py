"""finsim from Python: ``load``, ``run``, ``compare``, ``sensitivity``, ``size``.

Each takes Python arguments (a path or a loaded scenario, a dict of overrides, a dict of
ranges or caps) and returns a result with a short ``repr``, ``.summary()`` as a pandas
DataFrame, and tidy DataFrames of the details. Nothing is written to disk: the commands
(``finsim run`` ...) are these calls plus a results folder.

``run``, ``compare``, ``sensitivity`` and ``size`` use one process when called from a
notebook or an interactive session (no ``__main__`` file), where starting worker
processes is fragile, and every CPU from a script; ``jobs`` overrides both.
``scheduler`` (a dask scheduler's address, or ``local:N``; default
``$FINSIM_SCHEDULER``; ``""`` stays local) runs the work on a dask.distributed cluster
instead, with the same results.

The DataFrames hold the cells of the commands' CSV files (``report.numbers.rounded``):
money in EUR rounded to the cent, counts and ratios to six decimals, a zero
never ``-0.0`` (the files write ``0.00``).

An argument of the wrong type or out of range, like a scenario the format refuses,
raises ``finsim.ScenarioError`` before any work, one line per problem
(``finsim.run: replications: expected a whole number from 1 to 1,000,000 (given: -1)``),
as the command line prints them.

What a result warns about (its ``warnings``: a wage below the minimum wage, a year with
hardly anyone in the slots) is also issued through ``warnings.warn`` as a
``finsim.FinsimWarning`` when the call returns, so that a notebook shows it (the command
line prints the same lines itself and does not call these functions), and its count is
in the result's ``repr``. What it notes (its ``notes``: the minimum wage finsim assumes
past the statutory table, the command line's ``note:`` lines) is issued likewise, as a
``finsim.FinsimNote``, which is no ``FinsimWarning``: a filter that makes finsim's
warnings errors, as ``--strict`` refuses them, lets a note pass, as ``--strict`` does.
"""

from __future__ import annotations

import json
import math
import re
import sys
import warnings as _warnings
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache, cached_property, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, Protocol, TypeVar

from . import FinsimNote, FinsimWarning
from .analysis.words import WHERE_EXITS
from .montecarlo import RunResult, RunSpec
from .montecarlo import run as _run
from .montecarlo.cluster import ENV as CLUSTER_ENV
from .montecarlo.cluster import OPTION as CLUSTER_OPTION
from .montecarlo.cluster import scheduler_address
from .montecarlo.executor import executor
from .nouns import counted
from .scenario import Scenario, load_scenario, loaded
from .scenario.errors import Problem, ScenarioError
from .scenario.limits import MAX_MONTHS, MAX_REPLICATIONS, MAX_SEED
from .scenario.load import PythonOverride, carry_private, sets_on_loaded
from .scenario.types import remember

if TYPE_CHECKING:  # imported where used: a run needs none of them (start-up stays short)
    import pandas as pd

    from .analysis import compare as _compare
    from .analysis import sensitivity as _sensitivity
    from .analysis import sizing
    from .montecarlo.estimate import BeyondMachine

ScenarioLike = str | Path | Scenario
"""A scenario file's path, or a scenario already loaded."""

LABELS = ("basis", "provider", "category", "funder", "metric", "budget", "attribute",
          "value", "scenario", "method", "parameter")
"""The label columns of every result's frames, ``summary()`` included, typed as categories
(``basis``: ``actual`` or ``forecast``, in ledger() and flows() of a run with actuals)."""


_ARGUMENTS = {"--metric": "metrics", "--param": "params", "--cap": "caps",
              "--target": "targets", "--start": "start", "--months": "months",
              "--confidence": "confidence", "--max-slots": "max_slots",
              "--scheduler": "scheduler", "--samples": "samples",
              "--start/--months": "start/months", "-n": "replications",
              "--replications": "replications", "--seed": "seed", "--jobs": "jobs",
              "--actuals": "actuals.spells"}
"""The command line's options and the calls' arguments that carry the same values."""

_PHRASES = (("pass --yes", "pass yes=True"), ("without --yes", "without yes=True"),
            ("--jobs 1 (", "jobs=1 ("), ("(--jobs 1)", "(jobs=1)"),
            ("finsim sensitivity --param", "finsim.sensitivity's params"),
            ("--param PATH=LOW:HIGH", "params={PATH: (LOW, HIGH)}"),
            ("--seed or -n", "seed or replications"), ("--seed and -n", "seed and replications"),
            ("-n/--seed", "replications/seed"),
            ("--cap/--target", "caps/targets"), ("--no-uncertainty", "uncertainty=False"),
            ("--target referrals_lost=N", "targets={'referrals_lost': N}"),
            ("more --replications", "more replications (a larger replications=)"),
            ("--set holds it", "the overrides hold it"), ("--replications", "replications"),
            ("--max-slots", "max_slots"), ("give a --cap below", "give caps a value below"),
            ("(without --cap)", "(without caps)"), ("kept with --cap", "kept with caps"),
            ("finsim run --actuals --as-of", "finsim.run with actuals in the overrides"),
            ("--actuals FILE --as-of YYYY-MM", "add {'actuals.spells': 'SPELLS.csv', "
             "'actuals.as_of': 'YYYY-MM'} to the overrides"),
            ("--actuals SPELLS.csv", "add {'actuals.spells': 'SPELLS.csv'} to the overrides"),
            ("--as-of YYYY-MM", "add {'actuals.as_of': 'YYYY-MM'} to the overrides"),
            ("--booked (or actuals.booked)", "actuals.booked"), ("--booked", "actuals.booked"),
            ("an --as-of", "an actuals.as_of"), ("--as-of", "actuals.as_of"),
            ("--param", "params"), ("by --set", "by the overrides"), ("--set", "overrides"),
            ("the command's", "the call's"), ("(size --target)", "(finsim.size's targets)"),
            (WHERE_EXITS, " in the run's flows()"))
"""What a message or its hint says of the command line's options, and the same in the
calls' arguments (longest first: a phrase may hold a shorter one)."""


class _Warns(Protocol):
    @property
    def _issued(self) -> tuple[str, ...]: ...


_P = ParamSpec("_P")
_R = TypeVar("_R", bound=_Warns)
_T = TypeVar("_T")


def _warned(call: Callable[_P, _R]) -> Callable[_P, _R]:
    """``call``, whose result's warnings are each issued as a ``FinsimWarning`` as it
    returns, its notes (a ``sanity.Note``) as a ``FinsimNote``, in the order the command
    says them: in a notebook only ``warnings.warn`` reaches the screen, and a figure from
    an unlawful wage or an empty program must not be quoted unseen. Pointed at the
    caller's line (``stacklevel``), where a filter by module or line applies."""
    @wraps(call)
    def warning(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        result = call(*args, **kwargs)
        from .analysis.sanity import Note  # loaded by the call already

        for line in result._issued:
            _warnings.warn(line, FinsimNote if isinstance(line, Note) else FinsimWarning,
                           stacklevel=2)
        return result

    return warning


def _apart(result: _Warns) -> tuple[list[str], list[str]]:
    """A result's (warnings, notes), of all it says (``_issued``), as new lists."""
    from .analysis.sanity import notes_apart

    return notes_apart(list(result._issued))


def _warning_count(result: _Warns) -> str:
    """``, 6 warnings, 1 note`` for a result's ``repr``: of all it issues (nothing of
    none)."""
    warned, noted = map(len, _apart(result))
    return (f", {counted(warned, 'warning', 'warnings')}" if warned else "") + (
        f", {counted(noted, 'note', 'notes')}" if noted else "")


def _in_python(call: str) -> Callable[[Callable[_P, _T]], Callable[_P, _T]]:
    """Problems found past the argument checks name the command line's options
    (``--cap: nobody: unknown funder``, ``FILE (--set): ...``); raised to a Python caller,
    they name the call's arguments instead (``finsim.size: caps: nobody: ...``,
    ``FILE (overrides): ...``), and ``$FINSIM_SCHEDULER`` where the address came from it."""
    def named(function: Callable[_P, _T]) -> Callable[_P, _T]:
        takes = "scheduler" in (function.__kwdefaults__ or {})

        @wraps(function)
        def in_python(*args: _P.args, **kwargs: _P.kwargs) -> _T:
            try:
                return function(*args, **kwargs)
            except ScenarioError as err:  # of its own type still (BeyondMachine, ClusterError)
                from_env = takes and kwargs.get("scheduler") is None
                renamed = ScenarioError.__new__(type(err))
                ScenarioError.__init__(renamed, [_named_in_python(call, p, from_env)
                                                 for p in err.problems])
                raise renamed from None
            except MemoryError as err:  # past the estimate: the machine's limit, as the
                raise _out_of_memory(call, err, kwargs) from None  # command says it
            except RuntimeError as err:  # no thread to be had: the machine's limit too
                from .montecarlo.estimate import machine_limit

                if (limit := machine_limit(err)) is None:
                    raise
                raise _out_of_memory(call, limit, kwargs) from None

        return in_python

    return named


def _out_of_memory(call: str, err: MemoryError, kwargs: Mapping[str, Any]) -> BeyondMachine:
    """Memory run out during a call's work as the command's line says it
    (``estimate.out_of_memory``), naming the call's arguments: a ``ScenarioError`` (the
    machine's limit, not a fault), not numpy's ``MemoryError`` after a while. Its
    arguments are those the call was given (a wrong one was refused before any work)."""
    from .montecarlo.estimate import BeyondMachine, out_of_memory

    jobs, scheduler, yes = (_plain(kwargs.get(name)) for name in ("jobs", "scheduler", "yes"))
    what, advice = out_of_memory(err, _jobs(jobs), bool(scheduler_address(scheduler)),
                                 bool(yes))
    return BeyondMachine([Problem(f"finsim.{call}", "", what, show_value=False,
                                  hint=_in_words(advice))])


def _named_in_python(call: str, problem: Problem, scheduler_from_env: bool = False
                     ) -> Problem:
    """``problem`` in the call's words; ``scheduler_from_env``: the call was given no
    ``scheduler``, so a problem with the address names the variable it came from, as the
    command line does (the user never wrote the value in her code)."""
    if not problem.verbatim:  # else a command line to run as written (``Problem.verbatim``)
        problem = replace(problem, message=_in_words(problem.message),
                          hint=_in_words(problem.hint))
    if scheduler_from_env and problem.file == CLUSTER_OPTION:
        return replace(problem, file=f"finsim.{call}: ${CLUSTER_ENV}", hint=problem.hint
                       or 'or give scheduler="" to stay local')
    if problem.file == "finsim.load":  # the call made, not the load it makes
        return replace(problem, file=f"finsim.{call}")
    if problem.file in _ARGUMENTS:
        return replace(problem, file=f"finsim.{call}: {_ARGUMENTS[problem.file]}")
    if problem.file.endswith(" (--set)") or " (--set " in problem.file:  # or the --set named
        return replace(problem, file=problem.file.partition(" (--set")[0] + " (overrides)")
    if problem.file.endswith(" (with --set)"):
        return replace(problem, file=problem.file.removesuffix(" (with --set)")
                       + " (with overrides)")
    return problem


_ONE_SET = (r"--set (?:'([\w.*-]+)=([^']*)'|([\w.*-]+)=(\.\.\.|[^\s;,]*[^\s;,.)]))")
_SET_VALUE = re.compile(rf"(also )?(finsim run )?(?:{_ONE_SET})(?: {_ONE_SET})*")
"""``--set PATH=VALUE`` in a message or a warning (``also --set prices.base_year=2026``),
or quoted for the shell (``--set 'PATH={2027-01: ..., 2028-01: 60000}'``), with the
``--set``s that follow it: one dict of overrides."""

_COUNT = re.compile(r"(?<![\w-])(-n|--samples) (\d+)")
"""``-n 2`` or ``--samples 64`` in a hint (``use -n 2 or more``): ``replications=2``."""

_SIZE_CALL = re.compile(r"finsim size --start (\d{4}-\d{2}) --months (\d+) --confidence (\w+)")
"""A ``finsim size`` command in a hint (an ``as_of`` before a moved start): the call,
``finsim.size(..., start='2028-01', months=24, confidence=Q)``."""

_START = re.compile(r"(?<![\w-])--start (\d{4}-\d{2})\b")
"""``--start 2027-07`` in a message (a caseload moved by ``size --start``): ``start='2027-07'``."""

_OPTION = re.compile(r"(?<![\w)-])--[a-z][\w-]*(?:/--[a-z][\w-]*)?")
"""An option left after the phrases (``--cap``, ``--start/--months``): its argument."""

_PARAM_RANGE = re.compile(r"--param (?!PATH=)([\w.*-]+)=LOW:HIGH")
"""``--param PATH=LOW:HIGH`` of a parameter named in a note (``held_note``)."""


def _in_words(line: str) -> str:
    """``line`` naming the calls' arguments where it names the command line's options;
    a value to set as the overrides that set it (``also add {'prices.base_year': 2026}
    to the overrides``); a note still one (``sanity.reworded``)."""
    from .analysis.sanity import reworded

    text = _SET_VALUE.sub(_as_override, line)
    text = _PARAM_RANGE.sub(lambda found: f"params={{{found[1]!r}: (LOW, HIGH)}}", text)
    for option, argument in _PHRASES:
        text = text.replace(option, argument)
    text = _COUNT.sub(lambda found: f"{_ARGUMENTS[found[1]]}={found[2]}", text)
    text = _SIZE_CALL.sub(lambda found: f"finsim.size(..., start={found[1]!r}, "
                          f"months={found[2]}, confidence={found[3]})", text)
    text = _START.sub(lambda found: f"start={found[1]!r}", text)
    return reworded(line, _OPTION.sub(lambda found: _ARGUMENTS.get(found[0], found[0]), text))


def _as_override(found: re.Match) -> str:
    """``--set A=1 --set B=2`` as the one dict that sets both, in a sentence of Python:
    the verb the command line's option stood for (``... months, add {'period.start':
    '2026-01', 'period.months': 60} to the overrides``)."""

    pairs = [(quoted or path, text or value)
             for quoted, text, path, value in re.findall(_ONE_SET, found[0])]
    given = "{" + ", ".join(f"{path if path == 'PATH' else repr(path)}: "  # a placeholder
                            f"{value if value == '...' else _python_value(value)}"
                            for path, value in pairs) + "}"
    if found[2]:
        return f"{found[1] or ''}finsim.run with overrides={given}"
    if found.string.startswith((" replaces", " moves", " renames"), found.end()):  # the
        return f"the override {given}"  # subject: the override that replaced a value, ...
    return f"{'also ' if found[1] else ''}add {given} to the overrides"


def _python_value(text: str) -> str:
    """A ``--set`` value as Python writes it, a ``...`` in it (the user's figure, in a
    dated form) left a placeholder."""
    import yaml

    return repr(yaml.safe_load(text)).replace("'...'", "...")


@_in_python("load")
def load(scenario: ScenarioLike, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """A validated scenario from a file (with its ``base:``) or a loaded one, with
    ``overrides`` (dotted path -> value, e.g. ``{"providers.cjd.slots": 59}``) applied as
    ``--set`` would: checked like the file, a set value holds over a draw of it."""
    _refuse(_scenario("load", "scenario", scenario))
    return _loaded(scenario, overrides)


def _loaded(scenario: ScenarioLike, overrides: Mapping[str, Any] | None,
            period_checked: bool = True) -> Scenario:
    """``load``'s scenario; ``period_checked`` False for one whose period ``size`` moves
    and validates again (``load_scenario``)."""
    sets = _sets("load", overrides)
    if isinstance(scenario, Scenario):
        if not sets:
            return scenario
        # a new relative path: next to the file, as load(path) has it; a refused value
        # named as an override's (``<scenario> (overrides): ...``), as on a path
        changed = sets_on_loaded(scenario, sets, "<scenario>", period_checked)
        loaded.mark_more(changed, scenario, tuple(sets))  # compare labels it so
        return _given_out(carry_private(scenario, changed))
    return _given_out(load_scenario(scenario, sets, period_checked))


def _file(scenario: ScenarioLike) -> str:
    """How a problem with an override names the scenario it was given for (as ``_loaded``
    names it)."""
    return "<scenario>" if isinstance(scenario, Scenario) else str(scenario)


def _given_out(scn: Scenario) -> Scenario:
    """``scn``, kept (weakly) so that an assignment to a model in it is refused with its
    full dotted path (``scenario.types.dotted``)."""
    remember(scn)
    return scn


def default_jobs() -> int | None:
    """One process in a notebook or an interactive session, every CPU from a script."""
    main = sys.modules.get("__main__")
    interactive = main is None or not hasattr(main, "__file__") or hasattr(sys, "ps1")
    return 1 if interactive else None


def _jobs(jobs: int | None) -> int | None:
    return jobs if jobs is not None else default_jobs()


@dataclass(frozen=True, repr=False)
class Run:
    """The replications of one scenario (``finsim run`` without the folder)."""

    result: RunResult
    says_intervals: bool = True
    """Whether it warns, as ``finsim run`` does, of replications too few for the 90 %
    intervals: a run of ``compare`` does not (the command says no such line)."""

    @property
    def scenario(self) -> Scenario:
        return self.result.scenario

    def __repr__(self) -> str:
        cost = self.result.metric("cost_total").mean()
        many = counted(self.result.aggregate.count, "replication", "replications")
        return (f"<finsim.Run {self.scenario.name!r}: {many}, seed {self.result.spec.seed}, "
                f"mean cost {cost:,.2f} EUR{_warning_count(self)}>")

    def summary(self) -> pd.DataFrame:
        """Per metric: mean, std, p05, p50, p95 over the replications (summary.csv)."""
        from .report import tables

        return _typed(tables.summary_table(self.result))

    def flows(self) -> pd.DataFrame:
        """Mean people per month and provider (``all`` = the program; flows.csv)."""
        from .report import tables

        return _typed(tables.flows_table(self.result))

    def ledger(self) -> pd.DataFrame:
        """Mean EUR per month, provider, category and funder (``gap`` = uncovered;
        ledger.csv): a funder's categories its rules can never pay are left out."""
        from .report import tables

        return _typed(tables.ledger_table(self.result))

    def providers(self) -> pd.DataFrame:
        """Per provider and metric: mean, std, p05, p50, p95 (providers.csv)."""
        from .report import tables

        return _typed(tables.providers_table(self.result))

    def cashflow(self) -> pd.DataFrame:
        """Mean outflow, inflow, net and end-of-month balance per month and provider
        (``all`` = the program), on past the period to the last payment, then each
        funder's inflow (cashflow.csv)."""
        from .report import tables

        return _typed(tables.cashflow_table(self.result))

    def fiscal(self) -> pd.DataFrame:
        """Per budget and calendar year the costs arise in: mean paid (charged for that
        year's costs, not the money paid in it: ``cashflow``), saved (benefits avoided),
        returns (taxes and contributions back) and net (fiscal.csv)."""
        from .report import tables

        return _typed(tables.fiscal_table(self.result))

    def structure(self) -> pd.DataFrame:
        """The participants by attribute and value: mean count and share (structure.csv)."""
        from .report import tables

        return _typed(tables.structure_table(self.result))

    def replications(self) -> pd.DataFrame:
        """One row per replication: every metric, then every drawn parameter."""
        return _rounded(self.result.replications)

    @property
    def warnings(self) -> list[str]:
        """The warnings ``finsim run`` prints (and run.json and the page give): the sanity
        warnings (``sanity_warnings``), then its 90 % intervals from too few replications
        (``analysis.sanity.interval_warnings``; not of a run in ``Comparison.runs``), in
        English and naming the calls' arguments (``overrides``) where the commands name
        their options; its notes apart (``notes``)."""
        return _apart(self)[0]

    @property
    def notes(self) -> list[str]:
        """What ``finsim run`` says as ``note:`` (run.json's ``notes``), in the same words:
        a fact the figures rest on, no fault of the scenario, such as the minimum wage
        finsim assumes past the statutory table."""
        return _apart(self)[1]

    def _sanity(self) -> list[str]:
        """The sanity warnings alone (a year's low occupancy, a stale schedule, a period
        moved to another year's prices, a wage below the minimum wage, costly
        qualification, a funder that pays in no month of the period, a funding gap no
        funder covers), the notes among them, as ``size`` and ``compare`` print them of a
        run: they say too few replications their own way, or not at all."""
        from .analysis.sanity import sanity_warnings

        return [_in_words(w) for w in sanity_warnings(self.result)]

    @cached_property
    def _issued(self) -> tuple[str, ...]:
        """The warnings and notes, as ``finsim run`` says them (``compare`` of its runs);
        worked out once (``repr``, ``warnings`` and ``notes`` each read them; nothing
        changes a result once made)."""
        from .analysis.sanity import interval_warnings

        intervals = interval_warnings(self.result) if self.says_intervals else []
        return (*self._sanity(), *map(_in_words, intervals))

    def metric(self, name: str) -> pd.Series:
        """One metric's value in each replication."""
        import pandas as pd

        names = self.result.metric_names
        if name not in names:
            from .program import metric_hint

            raise ScenarioError([Problem("Run.metric", "name", "unknown metric", name, hint=(
                metric_hint(self.result.scenario, name, names) or "see .summary()"))])
        return pd.Series(self.result.metric(name), name=name)


@_warned
@_in_python("run")
def run(scenario: ScenarioLike, overrides: Mapping[str, Any] | None = None, *,
        replications: int | None = None, seed: int | None = None, uncertainty: bool = True,
        jobs: int | None = None, scheduler: str | None = None, yes: bool = False) -> Run:
    """Run a scenario's replications (default: the scenario's own count and seed).
    ``yes``: run even if the machine has too little memory for it (``--yes``)."""
    replications, seed, jobs, uncertainty, yes = map(
        _plain, (replications, seed, jobs, uncertainty, yes))
    _refuse(_scenario("run", "scenario", scenario)
            + _job("run", replications, seed, uncertainty, jobs, scheduler, yes))
    scn = load(scenario, overrides)
    spec = RunSpec(scn, replications or scn.simulation.replications,
                   scn.simulation.seed if seed is None else seed, uncertainty)
    _preflight("run", spec, jobs, scheduler, yes)
    with executor(_jobs(jobs), scheduler_address(scheduler)) as where:
        return Run(_run(spec, where))


@dataclass(frozen=True, repr=False)
class Comparison:
    """BASE and its alternatives, run on common random numbers."""

    comparison: _compare.Comparison

    def __repr__(self) -> str:
        return (f"<finsim.Comparison of {len(self.comparison.labels)} scenarios "
                f"(base {self.comparison.labels[0]!r}), "
                f"{counted(self.comparison.base.spec.replications, 'replication', 'replications')}"
                f" each{_warning_count(self)}>")

    def summary(self) -> pd.DataFrame:
        """Per metric and scenario: mean, p05, p95 and the paired delta to BASE;
        comparison.csv's cells, a re-forecast's ``peak_from`` included."""
        from .report.cashflow import with_peak_from

        return _typed(with_peak_from(self.comparison))

    @property
    def warnings(self) -> list[str]:
        """All ``finsim compare`` warns about: the comparison itself first (scenarios over
        different periods or with money in different years' prices, whose totals cover
        different months, so each Δ holds that difference, or counting different returns
        or benefits avoided, so each net cost's Δ holds that, naming ``overrides``; an
        override over a value an alternative sets otherwise than BASE, whose difference
        is gone; an alternative's own simulation block that asks for other replications
        or another seed than BASE's, which it does not run with), then each run's after
        its label (``runs``)."""
        return _apart(self)[0]

    @property
    def notes(self) -> list[str]:
        """All ``finsim compare`` notes, in the call's words: each run's after its label,
        then the comparison's own, a metric some replications leave undefined (each Δ is
        over the replications both scenarios define)."""
        return _apart(self)[1]

    @cached_property
    def _issued(self) -> tuple[str, ...]:
        """The comparison's warnings, then each run's after its label (its notes still
        notes), then the comparison's notes, as ``finsim compare`` prints them (which
        says a run's early ones before the work); worked out once, as ``Run._issued``."""
        from .analysis.compare import comparison_warnings, undefined_notes
        from .analysis.sanity import Note, labelled

        return (*map(_in_words, comparison_warnings(self.comparison)),
                *(labelled(f"{label}: ", line) for label, run in self._runs.items()
                  for line in run._issued),
                *(Note(_in_words(line)) for line in undefined_notes(self.comparison)))

    @property
    def runs(self) -> dict[str, Run]:
        """Each scenario's run by label, with the warnings and notes ``compare`` says of
        it (no line on the 90 % intervals: the comparison has none)."""
        return dict(self._runs)

    @cached_property
    def _runs(self) -> dict[str, Run]:
        """``runs``, made once: each run works out what it says once."""
        return {label: Run(r, says_intervals=False) for label, r
                in zip(self.comparison.labels, self.comparison.results, strict=True)}


@_warned
@_in_python("compare")
def compare(base: ScenarioLike, *alternatives: ScenarioLike,
            overrides: Mapping[str, Any] | None = None, replications: int | None = None,
            seed: int | None = None, uncertainty: bool = True,
            jobs: int | None = None, scheduler: str | None = None,
            yes: bool = False) -> Comparison:
    """Run BASE and each alternative on the same seed and replication indices."""
    from .analysis import compare as _compare

    replications, seed, jobs, uncertainty, yes = map(
        _plain, (replications, seed, jobs, uncertainty, yes))
    given = [base, *alternatives]
    none = [] if alternatives else [Problem("finsim.compare", "alternatives", "expected at "
                                            "least one scenario to compare with the base",
                                            show_value=False)]
    _refuse([p for i, s in enumerate(given)
             for p in _scenario("compare", "base" if i == 0 else f"alternatives[{i - 1}]", s)]
            + none + _job("compare", replications, seed, uncertainty, jobs, scheduler, yes))
    scenarios = [load(s, overrides) for s in given]
    named = [_compare.loaded_label(s) if isinstance(s, Scenario) else None for s in given]
    paths = [n if n is not None else s for s, n in zip(given, named, strict=True)]  # n: unread
    _, names = _compare.names_for(scenarios, paths, named)
    replications, seed = _compare.run_settings(scenarios[0], replications, seed)
    own = [_alone(s) for s in given] if overrides else []
    sets = _sets("compare", overrides)
    replaced = _compare.replaced_by_sets(own, names, sets)
    _preflight("compare", [RunSpec(s, replications, seed, uncertainty) for s in scenarios],
               jobs, scheduler, yes)
    with executor(_jobs(jobs), scheduler_address(scheduler)) as where:
        return Comparison(_compare.compare_scenarios(
            scenarios, paths, replications, seed, uncertainty, where, replaced=replaced,
            named=named, written=own, sets=sets))


def _alone(scenario: ScenarioLike) -> Scenario | None:
    """A scenario given to ``compare`` without the overrides: what it sets itself."""
    from .analysis.compare import alone

    return scenario if isinstance(scenario, Scenario) else alone(scenario)


@dataclass(frozen=True, repr=False)
class Sensitivity:
    """How much each parameter moves each metric."""

    result: _sensitivity.SensitivityResult

    def __repr__(self) -> str:
        spec = self.result.spec
        return (f"<finsim.Sensitivity {spec.method} of {spec.scenario.name!r}: "
                f"{counted(len(spec.params), 'parameter', 'parameters')}, "
                f"{counted(self.result.points, 'point', 'points')} x "
                f"{counted(spec.replications, 'replication', 'replications')}"
                f"{_warning_count(self)}>")

    def summary(self) -> pd.DataFrame:
        """The method's table with each metric's share of noise at the base point, the
        columns of sensitivity.csv in its order; ``first_month`` and ``last_month`` (the
        months a schedule's date sets) as monthly periods, ``NaT`` for any other range,
        as every month the calls give out is a period."""
        from .report.sensitivity import sensitivity_table

        return _as_months(_typed(sensitivity_table(self.result)),
                          ("first_month", "last_month"))

    def noise(self) -> pd.DataFrame:
        """Per metric at the base point: mean, standard error, share of noise (with and
        without common random numbers), and where the metric is undefined."""
        return _typed(self.result.base)

    @property
    def warnings(self) -> list[str]:
        """What ``finsim sensitivity`` warns about, in the call's words: a metric
        undefined at some points or replications, what ``finsim.run`` would warn of at a
        range's end beyond the base (a wage below the statutory minimum wage: an unlawful
        point, not a valid swing end; a hazard perhaps typed in percent), and the base
        point's sanity warnings (those ``finsim.run`` gives)."""
        return _apart(self)[0]

    @property
    def notes(self) -> list[str]:
        """What ``finsim sensitivity`` says as ``note:``, in the call's words: a new dated
        rule a range makes, an uncertain parameter the overrides hold (left out of the
        default ranges), a parameter the scenario leaves unset (its elasticity blank), and
        the assumed minimum wage (with the range of a varied ``annual_increase``)."""
        return _apart(self)[1]

    @cached_property
    def _issued(self) -> tuple[str, ...]:
        """The warnings and notes, as ``finsim sensitivity`` says them; worked out once,
        as ``Run._issued``."""
        from .report.html_sensitivity import said_lines

        before, notes, after = said_lines(self.result)
        return tuple(_in_words(line) for line in [*before, *notes, *after])


@_warned
@_in_python("sensitivity")
def sensitivity(scenario: ScenarioLike, params: Mapping[str, tuple[float, float]] | None = None,
                *, scaled: Collection[str] = (), metrics: Sequence[str] = (),
                method: str = "oat", overrides: Mapping[str, Any] | None = None,
                replications: int | None = None, seed: int | None = None,
                samples: int | None = None, jobs: int | None = None,
                scheduler: str | None = None, yes: bool = False) -> Sensitivity:
    """Vary each parameter over its range (path -> (low, high); a path in ``scaled``
    gets factors instead of values); without ``params``, the ``uncertainty`` block's
    10th to 90th percentiles. ``method``: ``oat``, ``morris`` or ``sobol``."""
    from .analysis import sensitivity as _sensitivity
    from .analysis.ranges import Param, checked_inputs, uncertainty_params

    replications, seed, samples, jobs, yes = map(
        _plain, (replications, seed, samples, jobs, yes))
    if isinstance(params, Mapping):
        params = {path: _plain_pair(pair) for path, pair in params.items()}
    _refuse(_scenario("sensitivity", "scenario", scenario)
            + _job("sensitivity", replications, seed, True, jobs, scheduler, yes)
            + _sensitivity_args(params, scaled, metrics, method, samples))
    scn = load(scenario, overrides)
    ranges = ([Param(path, float(lo), float(hi), path in scaled, "finsim.sensitivity: params")
               for path, (lo, hi) in params.items()] if params else uncertainty_params(scn))
    spec = _sensitivity.SensitivitySpec(
        scn, *checked_inputs(scn, ranges, tuple(metrics)), method,
        replications or scn.simulation.replications,
        scn.simulation.seed if seed is None else seed, samples)
    _preflight("sensitivity", RunSpec(scn, spec.replications, spec.seed), jobs, scheduler,
               yes, len(_sensitivity.design(spec)), _sensitivity.largest_points(spec),
               _sensitivity.LARGEST_LEVER)
    with executor(_jobs(jobs), scheduler_address(scheduler)) as where:
        base = _sensitivity.base_run(spec, where)  # whole, as the command runs it: its
        return Sensitivity(_sensitivity.analyze(spec, where, None, base))  # warnings


@dataclass(frozen=True, repr=False)
class Size:
    """A grant period's request per funder and year, and the slots the caps allow or
    the targets need."""

    run: Run
    confidence: float
    sizing: sizing.Sizing | None

    def __repr__(self) -> str:
        planned = self.sizing.planned if self.sizing else None
        found = (f", {counted(self.sizing.slots, 'slot', 'slots')} ({planned.peak:,} at the "
                 f"peak, {planned.peak_month}), binding: "
                 f"{_in_words(self.sizing.verdict)}" if self.sizing else "")
        months = counted(self.run.scenario.period.months, "month", "months")
        return (f"<finsim.Size {self.run.scenario.name!r} {self.run.scenario.period.start} "
                f"+ {months} at {self.confidence:.0%}{found}{_warning_count(self)}>")

    def summary(self) -> pd.DataFrame:
        """The plan: mean per year, category and funder, then the contingency rows."""
        from .report.plan import plan_table

        return _labelled(_no_negative_zero(plan_table(self.run.result, self.confidence)))

    def credit(self) -> pd.DataFrame:
        """The credit line each provider needs at ``confidence`` (credit.csv, the lines
        ``finsim size`` prints as "Credit line needed at 90% confidence"): the quantile
        of its peak pre-financing over the replications, with its mean and the mean
        months below zero; the last row, ``all``, is the providers' cash pooled."""
        from .report.cashflow import credit_lines

        return _typed(credit_lines(self.run.result, self.confidence))

    @property
    def slots(self) -> int | None:
        """The slots found (with caps or targets), else None: the search's count, the
        scenario's slots in the period's first month scaled; ``sizing.planned`` holds
        the scale, the plan's slots at its peak month and each provider's at its own."""
        return self.sizing.slots if self.sizing else None

    @property
    def warnings(self) -> list[str]:
        """What ``finsim size`` warns about, in the call's words: a search's answer that
        nothing binds (the command's ``binding: none up to --max-slots``), replications
        too few to tell the slots found from their neighbour, then the run's sanity
        warnings (``Run._sanity``, with a yearly budget taken whole at a mid-year start),
        then the plan's own (``report.plan.plan_warnings``: one replication, or too few
        for the confidence; requests that cover the cost in fewer replications than the
        confidence; yearly requests that add up above a funder's cap). The slots of a
        too-few answer are not resolved. Its notes apart (``notes``)."""
        return _apart(self)[0]

    @property
    def notes(self) -> list[str]:
        """What ``finsim size`` says as ``note:`` (run.json's ``notes``): the run's notes,
        such as the minimum wage finsim assumes past the statutory table."""
        return _apart(self)[1]

    @cached_property
    def _issued(self) -> tuple[str, ...]:
        """The warnings and notes, as ``finsim size`` says them; worked out once, as
        ``Run._issued`` (the plan's need the plan)."""
        from .report.plan import plan_warnings

        search = ([_in_words(w) for w in [*self.sizing.unbound, *self.sizing.warnings]]
                  if self.sizing else [])
        plan = plan_warnings(self.run.result, self.summary(), self.confidence,
                             found=self.sizing)
        return (*search, *self.run._sanity(), *(_in_words(w) for w in plan))


@_warned
@_in_python("size")
def size(scenario: ScenarioLike, *, start: str | date | pd.Period | None = None,
         months: int | None = None, caps: Mapping[str, float] | None = None,
         targets: Mapping[str, float] | None = None,
         confidence: float, overrides: Mapping[str, Any] | None = None,
         replications: int | None = None, seed: int | None = None, uncertainty: bool = True,
         max_slots: int | None = None, jobs: int | None = None,
         scheduler: str | None = None, yes: bool = False) -> Size:
    """Plan a period (``start`` ``YYYY-MM``, ``months``; default the scenario's): the
    request per funder and year at ``confidence``, and with ``caps`` (funder -> EUR over
    the period) or ``targets`` (metric -> value) the slots that keep or reach them.
    ``confidence`` has no default, as ``--confidence`` has none: it sets every funder's
    contingency, a figure the planner chooses."""
    from .analysis import sizing

    replications, seed, start, months, max_slots, jobs, confidence, uncertainty, yes = map(
        _plain, (replications, seed, start, months, max_slots, jobs, confidence, uncertainty,
                 yes))
    caps, targets = (({k: _plain(v) for k, v in given.items()}
                      if isinstance(given, Mapping) else given) for given in (caps, targets))
    _refuse(_scenario("size", "scenario", scenario)
            + _job("size", replications, seed, uncertainty, jobs, scheduler, yes)
            + _size_args(start, months, caps, targets, confidence, max_slots))
    sizing.check_confidence(confidence)
    moved = tuple(key for key, value in (("start", start), ("months", months))
                  if value is not None)
    if moved:
        sizing.refuse_period_sets(_sets("size", overrides), _file(scenario), moved)
    scn = _loaded(scenario, overrides, period_checked=not moved)
    if moved:
        scn = sizing.move_period(scn, start or scn.period.start, months or scn.period.months)
    caps_c = sizing.parse_caps([f"{k}={v!r}" for k, v in (caps or {}).items()], scn)
    targets_c = sizing.parse_targets([f"{k}={v!r}" for k, v in (targets or {}).items()], scn)
    replications = replications or scn.simulation.replications
    seed = scn.simulation.seed if seed is None else seed
    reach = sizing.search_reach(scn, max_slots, bool(caps_c or targets_c))
    _preflight("size", RunSpec(scn, replications, seed, uncertainty), jobs, scheduler, yes,
               largest=reach.largest, bounded_by=reach.bounded_by)
    found = None  # one evaluation checked, as by the command; a search runs several
    with executor(_jobs(jobs), scheduler_address(scheduler)) as where:
        if caps_c or targets_c:
            found = sizing.size(scn, caps_c, targets_c, confidence, replications, seed,
                                uncertainty, max_slots, where)
            result = found.result
        else:
            result = _run(RunSpec(scn, replications, seed, uncertainty), where)
    return Size(Run(result), confidence, found)


def _plain(value: Any) -> Any:
    """A value as a notebook holds it, as the plain value the call checks and uses: a
    numpy number (a DataFrame cell, an array's element) as the Python number it holds
    (``_python``), a ``Decimal`` as the number it shows (``_decimal``), a month as a
    frame gives it (``pandas.Period``) or as Python writes a date (``datetime.date``) as
    its text (``_month``); anything else as it is."""
    if type(value).__module__ == "numpy" and getattr(value, "ndim", None) == 0:
        return _python(value)
    if isinstance(value, Decimal):
        return _decimal(value)
    if isinstance(value, date) or _is_period(value):
        return _month(value)
    return value


def _plain_deep(value: Any) -> Any:
    """``_plain`` of a value and of every key and item in it (a schedule keyed by
    ``pd.Period`` or ``datetime.date``, a list of Decimals)."""
    if isinstance(value, Mapping):
        return {_plain(key): _plain_deep(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain_deep(item) for item in value]
    return _plain(value)


def _decimal(value: Decimal) -> int | float:
    """A ``Decimal`` as the number it shows: whole (``Decimal('59')``) as an int, else
    the float of its digits (``Decimal('9.10')`` is 9.1; not a number: nan, refused)."""
    exponent = value.as_tuple().exponent
    return int(value) if isinstance(exponent, int) and exponent >= 0 else float(value)


def _is_period(value: object) -> bool:
    """Whether ``value`` is a ``pandas.Period`` (what ``flows()`` and ``ledger()`` give as
    a month), without importing pandas for a call that was given none."""
    kind = type(value)
    return kind.__name__ == "Period" and kind.__module__.startswith("pandas")


def _month(value: Any) -> str:
    """A month as finsim writes it, ``YYYY-MM``: a monthly ``Period``, or a date on the
    first of its month (a ``datetime`` at midnight). Any other date or period as its
    own text (``2027-01-15``, ``2027Q1``), refused as a scenario file's full date is:
    finsim takes months, and a day within one would be dropped without a word."""
    if isinstance(value, date):
        midnight = not isinstance(value, datetime) or value.time() == time()
        return f"{value:%Y-%m}" if value.day == 1 and midnight else value.isoformat()
    return str(value)


def _plain_pair(pair: Any) -> Any:
    """A range as a notebook gives it (numpy numbers, an array of two) as plain numbers;
    anything else as it is, to be refused as it is."""
    if type(pair).__module__ == "numpy" and getattr(pair, "ndim", None) == 1:
        return tuple(_python(pair))
    if isinstance(pair, tuple | list):
        return type(pair)(map(_plain, pair))
    return pair


def _listed(value: Any) -> Any:
    """For JSON: a numpy number or array in overrides as its Python number or list."""
    if type(value).__module__ == "numpy" and hasattr(value, "tolist"):
        return _python(value)
    raise TypeError(type(value).__name__)


def _python(value: Any) -> Any:
    """A numpy number or array as Python's number or list. A float of another width than
    float64 is the decimal numpy shows for it: a float32 column's binary value
    (9.100000381469727 for 9.1) would run a wage cents away from the 9.1 written, and
    from ``--set costs.wages.hourly=9.1``; a longdouble's ``tolist`` stays numpy's."""
    dtype = value.dtype
    if dtype.kind != "f" or dtype.itemsize == 8:
        return value.tolist()
    return float(str(value)) if value.ndim == 0 else [_python(item) for item in value]


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise ScenarioError(problems)


def _scenario(call: str, name: str, value: object) -> list[Problem]:
    if isinstance(value, str | Path | Scenario):
        return []
    return [Problem(f"finsim.{call}", name, "expected a scenario file's path (str or "
                    "pathlib.Path) or a scenario from finsim.load", value)]


def _whole(call: str, name: str, value: object, low: int, high: int | None = None,
           high_text: str = "") -> list[Problem]:
    """Nothing if ``value`` is None or a whole number in [low, high], else the problem."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)
                         and low <= value and (high is None or value <= high)):
        return []
    expected = (f"from {low:,} to {high_text or f'{high:,}'}" if high is not None
                else f">= {low:,}")
    return [Problem(f"finsim.{call}", name, f"expected a whole number {expected}", value)]


def _number(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


def _job(call: str, replications: object, seed: object, uncertainty: object, jobs: object,
         scheduler: object, yes: object = False) -> list[Problem]:
    """The arguments every running call shares, checked as the command line's options."""
    problems = [*_whole(call, "replications", replications, 1, MAX_REPLICATIONS),
                *_whole(call, "seed", seed, 0, MAX_SEED, "2**128 - 1"),
                *_whole(call, "jobs", jobs, 1)]
    problems += [Problem(f"finsim.{call}", name, "expected True or False", value)
                 for name, value in (("uncertainty", uncertainty), ("yes", yes))
                 if not isinstance(value, bool)]
    if scheduler is not None and not isinstance(scheduler, str):
        problems.append(Problem(f"finsim.{call}", "scheduler", "expected a dask scheduler's "
                                "address (tcp://host:8786), local:N or \"\"", scheduler))
    elif jobs is not None and (address := scheduler_address(scheduler)):
        problems.append(_jobs_on_a_cluster(call, jobs, address, scheduler is None))
    return problems


def _jobs_on_a_cluster(call: str, jobs: object, address: str, from_env: bool) -> Problem:
    """``jobs`` with a scheduler does nothing: refused, as the command refuses ``--jobs``
    with ``--scheduler``, rather than dropped without a word."""
    where, fix = ((f"$FINSIM_SCHEDULER={address}", "or give scheduler=\"\" to stay local")
                  if from_env else (f"scheduler={address!r}", "or scheduler"))
    return Problem(f"finsim.{call}", "jobs", f"does nothing on a cluster ({where}), whose "
                   f"workers run the replications; leave out jobs {fix}", jobs)


def _preflight(call: str, spec: RunSpec | list[RunSpec], jobs: int | None,
               scheduler: str | None, yes: bool, points: int = 1,
               largest: Sequence[Scenario] = (), bounded_by: str = "") -> None:
    """The commands' memory check (``JobOptions.preflight``), before any work: a run
    the machine cannot hold would die in numpy after a while, or the kernel with it."""
    from .commands.options import JobOptions

    options = JobOptions(jobs=_jobs(jobs), yes=yes, scheduler=scheduler_address(scheduler))
    options.preflight(spec, f"finsim.{call}", points, largest, bounded_by=bounded_by)


def _sets(call: str, overrides: object) -> list[str]:
    """``overrides`` as ``--set`` texts, marked as Python's (a ``None`` is quoted as
    such); a mapping of dotted paths to plain values."""
    if overrides is None:
        return []
    if not isinstance(overrides, Mapping):
        raise ScenarioError([Problem(f"finsim.{call}", "overrides", "expected a mapping of "
                                     "dotted paths to values, e.g. {'providers.cjd.slots': 59}",
                                     overrides)])
    sets, problems = [], []
    for path, value in overrides.items():
        if not isinstance(path, str) or not path:
            problems.append(Problem(f"finsim.{call}", "overrides", "expected a dotted path "
                                    "(text) as each key", path))
            continue
        if "=" in path:  # spliced into PATH=VALUE, the text after it would be the value
            problems.append(Problem(f"finsim.{call}", "overrides", "expected a dotted path "
                                    "as each key, without '='", path))
            continue
        try:
            sets.append(PythonOverride(f"{path}={_json(_plain_deep(value))}"))
        except ValueError:
            problems.append(Problem(f"finsim.{call}", f"overrides[{path!r}]",
                                    "nan and infinities are not allowed", value))
        except TypeError:
            problems.append(Problem(f"finsim.{call}", f"overrides[{path!r}]", "expected a "
                                    "number, text, True/False, None, or a list or dict of "
                                    "them", value))
    _refuse(problems)
    return sets


@cache
def _escaped() -> re.Pattern[str]:
    """What stays escaped in an override's text: what YAML refuses or reads as a line
    break. Compiled at its first use, not on import: its character class takes about
    9 ms to compile, a fiftieth of a first run's start."""
    return re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                      "\U00010000-\U0010ffff]")


def _json(value: object) -> str:
    """``value`` as a flow value ``--set`` reads back as given: an emoji written as itself
    (escaped, it would be two surrogates, which YAML reads as two lone ones)."""
    text = json.dumps(value, allow_nan=False, default=_listed, ensure_ascii=False)
    return _escaped().sub(lambda found: f"\\u{ord(found[0]):04x}", text)


def _sensitivity_args(params: object, scaled: object, metrics: object, method: object,
                      samples: object) -> list[Problem]:
    from .analysis.sensitivity import METHODS, SAMPLED

    call, problems = "finsim.sensitivity", []
    if params is not None and not isinstance(params, Mapping):
        problems.append(Problem(call, "params", "expected a mapping of dotted paths to "
                                "(low, high), e.g. {'employment.hazards.placement': "
                                "(0.005, 0.02)}", params))
    for path, pair in params.items() if isinstance(params, Mapping) else ():
        if not isinstance(path, str) or not path:  # as overrides' keys: split as a path later
            problems.append(Problem(call, "params", "expected a dotted path (text) as each "
                                    "key", path))
        elif not (isinstance(pair, Sequence) and not isinstance(pair, str) and len(pair) == 2
                and all(map(_number, pair))):
            problems.append(Problem(call, f"params[{path!r}]", "expected (low, high), two "
                                    "finite numbers", pair))
        elif not pair[0] < pair[1]:
            problems.append(Problem(call, f"params[{path!r}]", f"low ({pair[0]:g}) must be "
                                    f"below high ({pair[1]:g})", pair))
    for name, value in (("scaled", scaled), ("metrics", metrics)):
        if isinstance(value, str) or not (isinstance(value, Collection)
                                          and all(isinstance(v, str) for v in value)):
            problems.append(Problem(call, name, "expected a list of texts, e.g. "
                                    + ("['costs.wages.hourly']" if name == "scaled"
                                       else "['cost_total']"), value))
        elif name == "scaled":
            problems += _unscaled(params, value)
    if method not in METHODS:
        problems.append(Problem(call, "method", f"expected one of {', '.join(METHODS)}",
                                method))
    elif method not in SAMPLED and samples is not None:  # else dropped without a word
        problems.append(Problem(call, "samples", "applies only to method "
                                f"{' or '.join(map(repr, SAMPLED))}, which sample the ranges; "
                                f"{method!r} takes each parameter at its low and its high",
                                samples))
    return problems + _whole("sensitivity", "samples", samples, 1)


def _unscaled(params: object, scaled: Collection[str]) -> list[Problem]:
    """A ``scaled`` path that is no key of ``params``: ignored, it would turn a factor
    range (0.9, 1.1) into values (a wage of 0.90 EUR/h) without a word."""
    from .scenario.errors import suggest

    if params is not None and not isinstance(params, Mapping):
        return []  # params is refused itself
    keys = [str(k) for k in params or {}]
    hint = "" if params else "without params, the uncertainty block's ranges are used"
    return [Problem("finsim.sensitivity", "scaled", f"{path!r} is not a key of params",
                    show_value=False, hint=hint or suggest(path, keys))
            for path in sorted(scaled) if path not in keys]


def _size_args(start: object, months: object, caps: object, targets: object,
               confidence: object, max_slots: object) -> list[Problem]:
    call, problems = "finsim.size", []
    if start is not None and not isinstance(start, str):
        problems.append(Problem(call, "start", "expected a month: text YYYY-MM, a monthly "
                                "pandas Period or a date on the first of its month", start))
    problems += _whole("size", "months", months, 1, MAX_MONTHS)
    for name, value, example in (("caps", caps, "{'land_esf': 250000}"),
                                 ("targets", targets, "{'exits_placement': 60}")):
        if value is None:
            continue
        if not isinstance(value, Mapping):
            problems.append(Problem(call, name, f"expected a mapping, e.g. {example}", value))
            continue
        problems += [Problem(call, f"{name}[{key!r}]", "expected a finite number >= 0", v)
                     for key, v in value.items() if not (_number(v) and v >= 0)]
        problems += [Problem(call, name, "expected a name (text) as each key", key)
                     for key in value if not (isinstance(key, str) and key.strip()
                                              and "=" not in key)]
    if not _number(confidence):
        problems.append(Problem(call, "confidence", "expected a number strictly between 0 "
                                "and 1, e.g. 0.9", confidence))
    if max_slots is not None and not caps and not targets:  # else dropped without a word
        problems.append(Problem(call, "max_slots", "applies only with caps or targets, "
                                "which search the slots; without them the scenario's own "
                                "slots are planned", max_slots))
    return problems + _whole("size", "max_slots", max_slots, 1)


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    """Money at whole cents, counts and ratios at six decimals, as the
    command's CSV files write them (``report.numbers.rounded``)."""
    from .report.numbers import rounded

    return _no_negative_zero(rounded(frame))


def _no_negative_zero(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every float ``-0.0`` as ``0.0`` (in place): a sum that cancels
    (a budget's net of 459,923.22 paid and saved) or a mean rounded to zero from below
    shows as ``-0.00`` in a notebook, where the CSV files write ``0.00``."""
    import pandas as pd

    for i, dtype in enumerate(frame.dtypes):
        if pd.api.types.is_float_dtype(dtype):
            frame.isetitem(i, frame.iloc[:, i] + 0.0)  # -0.0 + 0.0 is 0.0; all else as is
    return frame


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """A run's table as its CSV file has it (``_rounded``: money to the cent, counts
    and ratios too), labels as categories and ``month`` as a monthly period."""
    return _as_months(_labelled(_rounded(frame)), ("month",))  # _rounded: a copy


def _labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its label columns (``LABELS``) as categories (in place)."""
    import pandas as pd

    for column in LABELS:
        if column in frame and not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].astype("category")
    return frame


def _as_months(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """``frame`` with each of ``columns`` it holds (``YYYY-MM`` texts, None for none) as
    monthly periods (``NaT``), as every month the calls give out is (in place)."""
    import pandas as pd

    for column in columns:
        if column in frame:
            frame[column] = pd.PeriodIndex(frame[column], freq="M")
    return frame
