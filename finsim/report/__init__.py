"""Reports: result tables, the results folder, terminal output, charts and workbooks."""
