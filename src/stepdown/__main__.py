"""`python -m stepdown` runs the same command line as `stepdown`."""

from stepdown.cli import main

raise SystemExit(main())
