"""The command line: a thin adapter that turns library calls into output and errors into one sentence."""
