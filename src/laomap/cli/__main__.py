"""``python -m laomap.cli``: the same as the ``laomap`` command."""

import sys

from laomap.cli import main

sys.exit(main())
