"""python -m book → book.cli.main()."""

import sys

from book.cli import main

sys.exit(main())
