"""The ``opencsc`` command: a thin front for Django's management commands.

opencsc demo [--port N]      set up the embedded demo (SQLite under var/) and serve it
opencsc serve [--port N]     serve the configured database
opencsc synth --size small --seed 1
opencsc migrate
opencsc returns ssda903|cin|annex-a|validate ...   statutory returns (see README)
opencsc backup --out FILE / opencsc restore FILE   backup with an integrity check
opencsc sar --person ID --out DIR                  subject access export
opencsc retention [--as-of DATE] [--apply --yes]   retention rules, dry run first
opencsc <any Django management command>
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencsc.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    if len(argv) < 2 or argv[1] in {"-h", "--help"}:
        print(__doc__)
        if len(argv) < 2:
            return
    execute_from_command_line(["opencsc", *argv[1:]])


if __name__ == "__main__":
    main()
