"""`python -m assistant`: the same command line as `cip-assistant`."""

from assistant.cli.main import main

main()
