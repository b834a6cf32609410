"""``python -m laomap.cli``: the same as the ``laomap`` command."""

import sys

from laomap.cli.launch import main

sys.exit(main())
