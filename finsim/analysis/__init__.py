"""Analyses built on Monte Carlo runs: questions that need more than one run.

Each module takes scenarios and run options as plain data and returns plain results
(DataFrames, arrays, small records); writing files and printing belong to ``report``.
"""
