"""``python main.py [args]`` does what the ``gdgui`` command does."""

import sys

from gdgui.cli import main

if __name__ == "__main__":
    sys.exit(main())
