"""``python -m gdgui``: the same as the ``gdgui`` command."""

import sys

from gdgui.cli import main

sys.exit(main())
