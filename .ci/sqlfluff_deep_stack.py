"""sqlfluff's command line, on a deep stack.

models/scoring/scored_snapshots.sql compiles the generated tree macros (macros/generated/*_tree.sql) inline:
CASE expressions nested deeper than sqlfluff's recursive parser gets through on Python's default stack and
recursion limit. Run it in a thread with a 512 MiB stack (reserved, not used) and a matching limit; serially,
since a worker process would have to pickle that parse tree back (also too deep) and has the default stack.
Usage: python .ci/sqlfluff_deep_stack.py lint|fix|format ... (any sqlfluff arguments).
"""

import sys
import threading

from sqlfluff.cli.commands import cli

exit_code = 1


def _run() -> None:
    global exit_code
    try:
        cli(sys.argv[1:])
    except SystemExit as done:
        exit_code = done.code or 0


sys.setrecursionlimit(100_000)
threading.stack_size(512 * 1024 * 1024)
worker = threading.Thread(target=_run)
worker.start()
worker.join()
sys.exit(exit_code)
