"""finsim: forecast what a social labour market program does and costs, and who pays.

The package is a pipeline, each layer importing only those before it:
scenario -> simulation -> ledger -> funding -> metrics -> montecarlo -> analysis -> report,
with ``finsim.cli`` a thin shell on top.
"""

__version__ = "0.1.0"
