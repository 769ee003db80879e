"""`python -m reportsite …` is the `reportsite` command."""

import sys

from .cli import main

sys.exit(main())
