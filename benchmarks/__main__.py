"""Run every ``benchmarks/bench_*.py`` (or those named) and write ``benchmarks/results/NAME.json``.

Each module exposes ``run(quick: bool) -> dict``: the figures, and for every target the
ratio or bound it was checked against, measured in the same run where a baseline exists.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("names", nargs="*", help="e.g. store sync printing (default: all)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = parser.parse_args()
    names = args.names or sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    for name in names:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        started = time.time()
        figures = module.run(quick=args.quick)
        result = {
            "benchmark": name,
            "quick": args.quick,
            "machine": {"python": sys.version.split()[0], "platform": platform.platform()},
            "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
            "seconds": round(time.time() - started, 1),
            "figures": figures,
        }
        if not args.quick:
            (out_dir / f"{name}.json").write_text(
                json.dumps(result, ensure_ascii=False, indent=2) + "\n"
            )
        print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
