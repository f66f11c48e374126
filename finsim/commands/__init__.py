"""Each command's job as one library call: load, check the target, run, write, return.

The CLI only parses options into ``JobOptions`` and prints what comes back; everything
here is callable from Python too. The tables, charts and workbooks they write live in
``finsim.report``.
"""

from .compare import compare_job
from .options import JobOptions, ProgressFactory, no_progress
from .run import run_job
from .sensitivity import sensitivity_job
from .size import SizeOptions, SizeOutcome, size_job

__all__ = ["JobOptions", "ProgressFactory", "SizeOptions", "SizeOutcome", "compare_job",
           "no_progress", "run_job", "sensitivity_job", "size_job"]
