"""Run every benchmark in this folder (`make bench`), or the ones named on the command line.

Each benchmark is a module with a ``main()`` that measures Zicht against a baseline or peer in
the same run and prints a Markdown table; results are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> None:
    modules = sorted(p for p in HERE.glob("*.py") if p.stem not in ("run", "__init__"))
    for path in modules:
        if names and path.stem not in names:
            continue
        print(f"\n## {path.stem}\n", flush=True)
        spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        # Each benchmark reads its own options from sys.argv; run here, it gets its defaults
        # (the names given to this script are not its options).
        sys.argv = [str(path)]
        module.main()


if __name__ == "__main__":
    main(sys.argv[1:])
