"""`python -m handbook` (and the `handbook` script): the app, or a command-line tool when one is named."""

from __future__ import annotations

import sys


def main() -> int:
    """Dispatch: `handbook lint|coverage|search|bench ...` runs a Qt-free tool; anything else the app.

    The first argument is checked by prefix, not by importing the CLI: start-up of the app is a hot path.
    """
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-") and sys.argv[1] != "preview":
        from handbook.cli import main as cli_main

        return cli_main(sys.argv[1:])
    if len(sys.argv) > 1 and sys.argv[1] == "preview":  # Qt, so not a CLI command
        from handbook.ui.director.preview_window import main as preview_main

        return preview_main(sys.argv[2:])
    if len(sys.argv) > 1 and sys.argv[1] == "--self-test":
        from handbook.selftest import run

        return run()
    from handbook.app import main as app_main

    return app_main(sys.argv)


if __name__ == "__main__":
    sys.exit(main())
