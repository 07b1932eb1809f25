"""Allow `python -m archive`."""

from archive.cli import main

main()
