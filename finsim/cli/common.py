"""Shared pieces of the ``finsim`` command: the group, error handling, common options.

Exit codes: 0 done, 2 the user's input or the output place is wrong (one line per
problem; also memory run out past the estimate, with --yes), 1 a fault of finsim itself
(a short message; ``--debug`` shows the traceback), 128 + the signal's number after
SIGINT (130), SIGTERM (143) or SIGHUP (129) (``finsim.interrupts``: what a signal does,
in every command), and 141 (128 + SIGPIPE) without a word when whoever reads the output
stops reading (``finsim show ... | head``).
"""

from __future__ import annotations

import errno
import importlib
import math
import os
import select
import signal
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from .. import interrupts
from ..report.progress import progress_bar
from ..scenario.errors import Problem, printable
from ..scenario.limits import MAX_REPLICATIONS, MAX_SEED

if TYPE_CHECKING:
    from ..commands.options import JobOptions


class UserError(click.ClickException):
    """A mistake in the user's input: printed as is, exit code 2."""

    exit_code = 2

    def show(self, file=None) -> None:  # noqa: ANN001 - click's signature
        click.echo(self.format_message(), err=True)


def _user_errors(problems: list, command: str) -> UserError:
    """The problems, one line each; one with an option (``--cap``, or
    ``$FINSIM_SCHEDULER`` that stands for ``--scheduler``) after the ``command``'s name,
    as click's refusals are (``_usage_line``): ``finsim size: --cap: nobody: unknown
    funder ...``, whichever stage found it. One with a file keeps it first, ``--set``'s
    too (``scenario.yaml (--set): providers.cjd.slots: ...``): the file is what is
    wrong."""
    return UserError("\n".join(f"{command}: {p}" if _of_option(p) else str(p)
                                for p in problems))


def _of_option(problem: Problem) -> bool:
    """Whether ``problem`` is with an option's value, not with a file."""
    return problem.file.startswith("--") or problem.file == SCHEDULER_VARIABLE


COMMAND_MODULES = {"validate": "scenario", "show": "scenario", "run": "run",
                   "compare": "compare", "sensitivity": "sensitivity", "size": "size",
                   "calibrate": "calibrate"}
"""Each command's module in ``finsim.cli``, imported only when the command is used, so
``finsim run`` does not pay for loading the analyses it does not run."""


USER_OS_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS,
                  errno.ENAMETOOLONG, errno.ENOENT, errno.ENOTDIR, errno.EISDIR}
"""Failures of the machine or of a path the user gave, not of finsim: exit 2."""


JOB = "finsim.job"
"""``ctx.meta`` key: the running command's shared options (``_options``), whose processes
and ``--yes`` the advice after memory run out depends on."""


def _where() -> str:
    """What is where after a stop: the folders (or calibrate's files) committed, or
    nothing."""
    from ..commands import folder

    if folder.WRITTEN:
        return "results written to " + ", ".join(printable(f"{p}/" if p.is_dir() else str(p))
                                                 for p in folder.WRITTEN)
    return "nothing was written"


class FinsimGroup(click.Group):
    """Turns every failure into one clear line and the right exit code, never a traceback
    (unless ``--debug``); loads each command's module on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.exceptions.NoArgsIsHelpError:  # bare ``finsim``: the help
            raise
        except click.UsageError as err:  # ``finsim --bogus``
            raise _usage_line(err) from None

    def resolve_command(self, ctx: click.Context, args: list[str]):  # noqa: ANN201 - click's
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as err:  # suggested among every command, not
            raise click.exceptions.NoSuchCommand(  # only those loaded (``get_command``)
                err.command_name, possibilities=self.list_commands(ctx), ctx=ctx) from None

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMAND_MODULES and name not in self.commands:
            importlib.import_module(f"finsim.cli.{COMMAND_MODULES[name]}")  # registers it
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context):
        # here, not at the top: `finsim --help` needs neither (hashlib, ctypes, tempfile)
        from ..commands import folder
        from ..extensions import ExtensionError
        from ..scenario.errors import ScenarioError

        debug = ctx.params.get("debug", False)
        folder.WRITTEN.clear()
        folder.NOTES.clear()
        try:
            try:
                with interrupts.command(), warnings.catch_warnings():
                    if not debug:  # a numpy warning is a path and a line of code to the user
                        warnings.simplefilter("ignore", RuntimeWarning)
                    return super().invoke(ctx)
            except Exception as err:
                if interrupts.taken() is None or isinstance(err, click.exceptions.Exit):
                    raise
                raise interrupts.Stopped(interrupts.taken()) from err
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as err:  # a command's options and arguments, its name
            raise _usage_line(err, ctx.invoked_subcommand) from None
        except (click.exceptions.ClickException, click.exceptions.Exit,
                click.exceptions.Abort):
            raise
        except ScenarioError as err:
            raise _user_errors(_named(err.problems, ctx.meta.get(SCHEDULER_FROM)),
                               f"finsim {ctx.invoked_subcommand}") from None
        except (folder.OutputError, ExtensionError) as err:
            raise UserError(str(err)) from None
        except BrokenPipeError as err:
            if not _closed_output():
                _internal(ctx, err, debug)  # a pipe of finsim's own: a fault
            ctx.exit(CLOSED_OUTPUT)
        except KeyboardInterrupt as err:  # interrupts.Stopped, or Ctrl-C called from Python
            signum = getattr(err, "signum", signal.SIGINT)
            click.echo(interrupts.line(signum, _where()), err=True)
            ctx.exit(interrupts.exit_code(signum))
        except MemoryError as err:  # past the estimate (--yes, or it fell short): the machine's
            if debug:
                raise
            raise UserError(_out_of_memory(err, ctx.meta.get(JOB))) from None
        except OSError as err:
            if debug or err.errno not in USER_OS_ERRORS:
                _internal(ctx, err, debug)
            name = printable(f"{err.filename}: ") if err.filename else ""
            raise UserError(f"finsim: {name}{err.strerror or err}; {_where()}") from None
        except Exception as err:  # noqa: BLE001 - the last line of defence
            if not debug and (limit := _machine_limit(err)) is not None:
                raise UserError(_out_of_memory(limit, ctx.meta.get(JOB))) from None
            if not _invariant_failed(err):
                _internal(ctx, err, debug)
            click.echo(f"finsim: internal error, an invariant failed: {err}", err=True)
            click.echo("This is a bug in finsim; nothing was written. Please report it "
                       "(run again with --debug for the traceback).", err=True)
            if debug:
                raise
            ctx.exit(1)
        finally:
            for note in folder.NOTES:
                click.echo(printable(f"finsim: {note}"), err=True)


def _usage_line(err: click.UsageError, command: str | None = None) -> UserError:
    """click's refusal of a command line (a value an option's type refuses, a missing
    or unknown option, an extra argument) as one line in finsim's style, ``finsim run:
    -j/--jobs: expected a whole number, at least 1 (given: '0')``, not click's three (the
    usage, the help's hint, ``Error: Invalid value for '--jobs' / '-j': ...``); exit 2.
    ``command``: the command being parsed, where click gives no context (``-n`` without
    its value). A missing option or argument: every one that is missing, a line each,
    not only the first click stops at (``missing``)."""
    param = getattr(err, "param", None)
    if isinstance(err, click.MissingParameter) and err.ctx is not None:
        where = _command_name(err.ctx)
        return UserError("\n".join(
            printable(f"{where}: {_sentence(click.MissingParameter(ctx=err.ctx, param=p))}")
            for p in missing(err.ctx, param)))
    if param is not None and not isinstance(err, click.MissingParameter):
        names = (sorted(param.opts, key=len) if isinstance(param, click.Option)
                 else [param.human_readable_name])
        said = f"{'/'.join(names)}: {err.message}"
    else:
        possible = getattr(err, "possibilities", None)  # an unknown option's or command's
        said = (f"{err.message.removesuffix('.')} — did you mean {' or '.join(possible)}?"
                if possible else _sentence(err))
    where = _command_name(err.ctx) if err.ctx is not None else f"finsim {command or ''}"
    return UserError(printable(f"{where.strip()}: {_lowered(said).removesuffix('.')}"))


def _sentence(err: click.UsageError) -> str:
    """click's sentence of ``err``, to follow the command's name: ``missing option
    '--start'``."""
    return _lowered(err.format_message()).removesuffix(".")


def _lowered(said: str) -> str:
    return said[:1].lower() + said[1:]


def missing(ctx: click.Context, first: click.Parameter | None) -> list[click.Parameter]:
    """The required options and arguments of ``ctx``'s command that the command line
    leaves out, in the help's order: click stops at ``first``, before it has looked at
    the ones after it; those it has taken are in ``ctx.params`` (given ones first), and
    one with a default or an environment variable is not missing."""
    left = [p for p in ctx.command.get_params(ctx)
            if p.required and p.name not in ctx.params
            and p.value_is_missing(p.get_default(ctx)) and p.resolve_envvar_value(ctx) is None]
    return left or ([first] if first is not None else [])


def _command_name(ctx: click.Context | None) -> str:
    """``finsim run``: the command a context parses, whatever name Python ran it by
    (``python -m finsim``)."""
    names = []
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name)
        ctx = ctx.parent
    return " ".join(["finsim", *reversed(names)])


def _machine_limit(err: Exception) -> MemoryError | None:
    """``err`` as memory run out where it is the machine's limit (no thread to be had),
    said as a ``MemoryError`` is (``estimate.machine_limit``)."""
    from ..montecarlo.estimate import machine_limit

    return machine_limit(err)


def _out_of_memory(err: MemoryError, job: JobOptions | None) -> str:
    """The line after memory run out past the estimate: what was written, and the advice
    for the processes the command ran on (``estimate.out_of_memory``)."""
    from ..montecarlo.estimate import out_of_memory

    jobs, cluster, yes = (job.jobs, bool(job.scheduler), job.yes) if job else (None, False,
                                                                               True)
    what, advice = out_of_memory(err, jobs, cluster, yes)
    return f"finsim: {what}; {_where()} — {advice}"


SCHEDULER_FROM = "finsim.scheduler_from"
"""``ctx.meta`` key: where the --scheduler value came from, when not the command line."""

SCHEDULER_VARIABLE = "$FINSIM_SCHEDULER"
"""Where --scheduler's value came from when the command line gave none."""


def _named(problems: list, scheduler_from: str | None) -> list:
    """The problems, those of a --scheduler value read from ``$FINSIM_SCHEDULER`` named
    so: a user who never typed --scheduler must see where the address came from."""
    if not scheduler_from:
        return problems
    from dataclasses import replace

    from ..montecarlo.cluster import OPTION

    return [replace(p, file=scheduler_from) if p.file == OPTION else p for p in problems]


CLOSED_OUTPUT = interrupts.exit_code(getattr(signal, "SIGPIPE", 13))
"""The exit status when the output's reader has gone: 141, as a shell reports a tool that
SIGPIPE ended (``yes | head``). Python ignores SIGPIPE, so that a closed pipe or socket
of its own (to a worker, a cluster) raises an error rather than ending the process; a
closed stdout raises ``BrokenPipeError`` at the next write."""


def _closed_output() -> bool:
    """Whether the reader of stdout or stderr has gone; each such stream is pointed at
    /dev/null (its unwritten text, and any later line, go nowhere: no second error when
    the exit flushes it). The command stops there, as SIGPIPE would stop it, and what it
    had written stays."""
    gone = [stream for stream in (sys.stdout, sys.stderr) if _reader_gone(stream)]
    for stream in gone:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    return bool(gone)


def _reader_gone(stream: TextIO) -> bool:
    """Whether ``stream``'s reader has closed it: its pipe reports an error (POLLERR), or
    the text it holds cannot be written."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (a test's capture), closed
        return False
    if hasattr(select, "poll"):
        poll = select.poll()
        poll.register(fd, 0)  # errors and hang-ups only
        if poll.poll(0):
            return True
    try:
        stream.flush()
    except OSError:
        return True
    return False


def _invariant_failed(err: BaseException) -> bool:
    """Whether ``err`` is a failed invariant of the money (``funding.InvariantError``). Its
    module is looked up, not imported (``finsim --help`` loads none of the funding): an
    error raised before it was loaded cannot be one."""
    invariants = sys.modules.get("finsim.funding.invariants")
    return invariants is not None and isinstance(err, invariants.InvariantError)


def _internal(ctx: click.Context, err: BaseException, debug: bool) -> None:
    """A fault of finsim: a short message and exit 1, or the traceback with --debug."""
    if debug:
        raise err
    said = " ".join(str(err).split())  # one line: an error's text may hold several
    click.echo(printable(f"finsim: internal error ({type(err).__name__}: {said}); {_where()}."),
               err=True)
    click.echo("This is a bug in finsim. Run the same command as `finsim --debug ...` to "
               "see the traceback, and please report it.", err=True)
    ctx.exit(1)


@click.group(cls=FinsimGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="finsim")
@click.option("--debug", is_flag=True,
              help="Show the Python traceback of an internal error (exit 1).")
def main(debug: bool) -> None:
    """Forecast what a social labour market program does and costs, and who pays for it."""


def _bound(value: float) -> str:
    """A range's end as a reader writes it: 1,000,000; 0.999; 2^128 - 1, not 39 digits."""
    if value == MAX_SEED:
        return "2^128 - 1"
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def _given(expected: str, value: object, hint: str = "") -> str:
    """A refused option value in finsim's words, for click's ``fail``: ``expected a
    number ... (given: '0,9') — a decimal point: 0.9``; ``_usage_line`` puts the command
    and the option before it, as for every option."""
    return f"{expected} (given: '{value}')" + (f" — {hint}" if hint else "")


REFUSED = "finsim.refused"
"""``ctx.meta`` key: the options a ``deferred`` type refused, one ``Problem`` each, for the
command to report with what it finds in its files: every problem at once (calibrate)."""


class _Readable:
    """A click range whose help and refusal say "1 to 1,000,000" or "at least 1" rather
    than click's "1<=x<=1000000". ``deferred``: a refused value is kept in ``ctx.meta``
    (``REFUSED``) and read as ``None``, for the command to report with its other
    problems; else it is refused at once, in one line (``_usage_line``)."""

    def __init__(self, *args, deferred: bool = False, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.deferred = deferred

    def _describe_range(self) -> str:
        if self.max is None:
            return f"at least {_bound(self.min)}"
        if self.min is None:
            return f"at most {_bound(self.max)}"
        return f"{_bound(self.min)} to {_bound(self.max)}"

    def _refuse(self, value, param, ctx, what: str, hint: str) -> None:  # noqa: ANN001
        """``value`` refused: kept for the command (``deferred``), or raised."""
        expected = f"expected {what}, {self._describe_range()}"
        if not self.deferred:
            self.fail(_given(expected, value, hint), param, ctx)
        problem = Problem(param.opts[0] if param else "value", "", expected, str(value),
                          hint=hint)
        (ctx or click.get_current_context()).meta.setdefault(REFUSED, []).append(problem)


class Whole(_Readable, click.IntRange):
    """A whole number in a range, said readably, refused in one line (``expected a whole
    number, at least 1 (given: '0')``, not click's "0 is not in the range at least 1" or
    "'abc' is not a valid integer range"); where ``deferred``, kept for the command."""

    def convert(self, value, param, ctx):  # noqa: ANN001, ANN201 - click's signature
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            from ..scenario.written import whole_hint

            self._refuse(value, param, ctx, "a whole number", whole_hint(str(value)))
            return None


class Number(_Readable, click.FloatRange):
    """A finite number in a closed range, said readably and refused in one line (not
    click's usage lines, "not a valid float range"), with the hint a number in a file
    gets (``0,9``: ``a decimal point: 0.9``). click lets ``nan`` through any range."""

    def convert(self, value, param, ctx):  # noqa: ANN001, ANN201 - click's signature
        try:
            number = super().convert(value, param, ctx)
        except click.BadParameter:
            number = math.nan
        if math.isfinite(number):
            return number
        from ..scenario.written import comma_hint

        self._refuse(value, param, ctx, "a number", comma_hint(str(value)))
        return None


class Share(click.ParamType):
    """A share as a number strictly between 0 and 1 (``--confidence 0.9``); one typed
    with a decimal comma (``0,9``) or in percent (``90%``) is told how finsim writes it,
    as ``--cap`` and ``--set`` tell theirs, not with click's bare "'0,9' is not a valid
    float"; a number out of range is quoted as typed (``'90'``, not ``90.0``)."""

    name = "float"

    def convert(self, value, param, ctx):  # noqa: ANN001, ANN201 - click's signature
        if isinstance(value, float):
            return value
        from ..scenario.written import comma_hint, percent_hint
        try:
            number = float(value)
        except ValueError:
            number = None
        if number is not None and 0.0 < number < 1.0:
            return number
        hint = (percent_hint(value) or comma_hint(value, factor=True) if number is None
                else percent_hint(f"{value}%") if 1.0 < number < 100.0 else "")  # 90 meant 90 %
        self.fail(_given("expected a number strictly between 0 and 1, e.g. 0.9 for 90 %",
                         value, hint), param, ctx)


class Among(click.Choice):
    """One of a few words (``--method``, ``--lang``), refused as finsim's other options
    are: ``expected one of oat, morris, sobol (given: 'Sobol') — did you mean sobol?``,
    not click's "'Sobol' is not one of 'oat', 'morris', 'sobol'"."""

    def convert(self, value, param, ctx):  # noqa: ANN001, ANN201 - click's signature
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            same = [c for c in self.choices if c.casefold() == str(value).casefold()]
            self.fail(_given(f"expected one of {', '.join(self.choices)}", value,
                             f"did you mean {same[0]}?" if same else ""), param, ctx)


class OutPath(click.Path):
    """Where a command writes (``--out``), refused in one line when empty: click makes
    ``''`` the path ``.``, so the command went on to report the current folder."""

    def __init__(self, what: str, example: str) -> None:
        super().__init__(path_type=Path)
        self.what, self.example = what, example

    def convert(self, value, param, ctx):  # noqa: ANN001, ANN201 - click's signature
        if value == "":
            name = param.opts[0] if param else "--out"
            self.fail(_given(f"an empty value names no {self.what}; give one, e.g. {name} "
                             f"{self.example}", value), param, ctx)
        return super().convert(value, param, ctx)


class Address(click.ParamType):
    """A ``--scheduler`` address, refused in one line when empty: ``''`` (an unset shell
    variable, say) ran the work on this machine without a word, over
    ``$FINSIM_SCHEDULER`` too."""

    name = "address"

    def convert(self, value, param, ctx):  # noqa: ANN001, ANN201 - click's signature
        if value == "":
            self.fail(_given("an empty value names no scheduler; give one, e.g. --scheduler "
                             "tcp://host:8786 or local:2, or leave out --scheduler to run on "
                             "this machine", value), param, ctx)
        return value


csv_locale_option = click.option(
    "--csv-locale", type=Among(["en", "de"]), default="en", show_default=True,
    help="de: semicolons, decimal commas and a UTF-8 byte order mark "
         "(German Excel); en: commas, points, plain UTF-8.")
"""The CSV dialect of every command that writes CSV files (``job_options``, calibrate)."""


def job_options(command, default: str = "the scenario's {}", hidden: tuple[str, ...] = ()):
    """The options of every scenario-running command (README, Commands); ``default``
    says whose simulation block -n and --seed default to (``compare_options``);
    ``hidden`` names options the command takes only to refuse, kept out of its --help
    (``sensitivity_options``)."""
    options = [
        click.option("--replications", "-n", type=Whole(min=1, max=MAX_REPLICATIONS),
                     help=f"Replications (default: {default.format('simulation.replications')})."),
        click.option("--seed", type=Whole(min=0, max=MAX_SEED),
                     help=f"Seed (default: {default.format('simulation.seed')})."),
        click.option("--set", "sets", multiple=True, metavar="PATH=VALUE",
                     help="Override a parameter (repeatable), e.g. providers.cjd.slots=45."),
        click.option("--jobs", "-j", type=Whole(min=1),
                     help="Parallel processes (default: the CPUs); results identical for any N."),
        click.option("--scheduler", envvar="FINSIM_SCHEDULER", metavar="ADDRESS", type=Address(),
                     help="Run on a dask.distributed cluster: its scheduler's address "
                          "(tcp://host:8786), or local:N for N worker processes here; "
                          "results identical to --jobs 1. Default: $FINSIM_SCHEDULER, else "
                          "local processes (--jobs). Needs pip install 'dask[distributed]'."),
        click.option("--out", type=OutPath("folder", "outputs/mine"),
                     help="Results folder (default: outputs/<scenario file stem>/ for run, "
                          "outputs/<stem>-<command>[-<method>]/ for the others)."),
        click.option("--force", is_flag=True,
                     help="Replace an earlier finsim results folder (only one that holds "
                          "nothing but the files finsim wrote)."),
        click.option("--quiet", "-q", is_flag=True, help="Print errors only."),
        csv_locale_option,
        click.option("--lang", type=Among(["de", "en"]), default="de",
                     show_default=True,
                     help="Language of report.html, results.xlsx and plan.xlsx."),
        click.option("--no-uncertainty", is_flag=True, hidden="--no-uncertainty" in hidden,
                     help="Ignore the scenario's uncertainty block (no parameter draws)."),
        click.option("--yes", "-y", is_flag=True,
                     help="Run even if the estimate says the machine has too little memory."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def compare_options(command):
    """``job_options`` of ``compare``: every scenario runs with BASE's replications and
    seed (common random numbers), not its own, and -n/--seed set them for all."""
    return job_options(command, "BASE's {}, for every scenario")


def sensitivity_options(command):
    """``job_options`` of ``sensitivity``: its points never draw, so ``--no-uncertainty``
    is taken only to be refused with that reason, and its --help does not offer it."""
    return job_options(command, hidden=("--no-uncertainty",))


strict_option = click.option(
    "--strict", is_flag=True,
    help="Treat the warnings (low occupancy, stale schedules, a moved price base, a wage "
         "below the minimum wage, qualification charged again; compare's and sensitivity's "
         "own) as errors: exit 2, nothing written.")


def actuals_options(command):
    """``--actuals``, ``--as-of`` and ``--booked`` of a re-forecast (``run``) and of a plan
    from actual spells (``size``): each overrides its key of the scenario's ``actuals:``
    block (``commands.run.actuals_sets``)."""
    options = [
        click.option("--actuals", metavar="SPELLS.csv",
                     help="Re-forecast: the actual spells (caseload format); months before "
                          "--as-of are these, the rest is simulated."),
        click.option("--as-of", "as_of", metavar="YYYY-MM",
                     help="With --actuals: the first month forecast."),
        click.option("--booked", metavar="BOOKED.csv",
                     help="With --actuals: booked costs (month,provider,category,amount) "
                          "that replace the ledger's actual months."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def echo_warnings(result, said: list[str] | None = None,  # noqa: ANN001 - a RunResult
                  more: list[str] | None = None) -> None:
    """Each sanity warning of a run on stderr, one line each (also in run.json), but
    those ``said`` before the work, then those of the command's own files (``more``)."""
    from ..analysis.sanity import sanity_warnings

    for warning in [*sanity_warnings(result), *(more or [])]:
        if warning not in (said or ()):
            _echo_warning(warning)


def _options(kw: dict, unused: list | None = None) -> JobOptions:
    """The shared options, refused (exit 2, a line each, with the command's own ``unused``
    problems) where one was given that would do nothing: ``--jobs`` on a cluster."""
    from ..commands.options import JobOptions  # here: it loads the scenario and the runner
    from ..scenario.errors import Problem, ScenarioError

    ctx = click.get_current_context()
    scheduler = "--scheduler"
    if ctx.get_parameter_source("scheduler") is click.core.ParameterSource.ENVIRONMENT:
        ctx.meta[SCHEDULER_FROM] = scheduler = SCHEDULER_VARIABLE
    problems = list(unused or [])
    if kw.get("scheduler") and kw["jobs"] is not None:
        problems.append(Problem("--jobs", "", f"does nothing on a cluster ({scheduler} "
                                f"{kw['scheduler']}), whose workers run the replications; "
                                f"leave out --jobs or {scheduler}", kw["jobs"]))
    if problems:
        raise ScenarioError(problems)
    options = JobOptions(replications=kw["replications"], seed=kw["seed"], sets=kw["sets"],
                         jobs=kw["jobs"], out=kw["out"], force=kw["force"],
                         csv_locale=kw["csv_locale"], lang=kw.get("lang", "de"),
                         uncertainty=not kw["no_uncertainty"],
                         strict=kw.get("strict", False),
                         command=["finsim", *sys.argv[1:]], yes=kw["yes"],
                         scheduler=kw.get("scheduler") or None,
                         warn=(lambda line: None) if kw.get("quiet") else _echo_warning,
                         note=(lambda line: None) if kw.get("quiet") else _echo_note)
    ctx.meta[JOB] = options
    return options


def _echo_warning(line: str) -> None:
    """A warning on stderr, ``note:`` for a note (``sanity.Note``), ``warning:`` else."""
    from ..analysis.sanity import said_as

    click.echo(printable(said_as(line)), err=True)


def _echo_note(line: str) -> None:
    click.echo(printable(f"note: {line}"), err=True)


def _progress(quiet: bool):
    return lambda total, label: progress_bar(total, label, enabled=not quiet)


def timing(seconds: float, part: float | None = None, what: str = "",
           jobs: int | None = None) -> str:
    """The time on the line naming a results folder: the whole command's (from the job's
    start to its folder written: what a planner budgets), then the part the work alone
    took, labelled (``what``: the replications, which run.json's ``wall_seconds`` is),
    and on how many processes: ``6.9 s in all, replications 2.7 s on 4 jobs``."""
    from ..nouns import counted

    text = f"{seconds:.1f} s in all"
    if part is not None:
        text += f", {what} {part:.1f} s"
    return text + (f" on {counted(jobs, 'job', 'jobs')}" if jobs is not None else "")
