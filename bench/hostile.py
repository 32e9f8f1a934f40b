"""Time and peak memory of ``kg build`` on the big hostile inputs (tests/hostile.py).

Each case is one ``kg build`` in a fresh process, measured by a process of its own (its
children's peak resident memory), beside a baseline built in the same run: the two seed
articles. The JSON Lines case is N one-line stories (``--rows``; issue 10's target: 10,000
rows in under a minute and 1 GB); the others must be refused or read within their limits.

    python bench/hostile.py --rows 1000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile import SENTENCE, alias_bomb, entity_bomb_html, jsonl_rows  # noqa: E402


def measure(argv: list[str], timeout: float) -> None:
    """Run ``kg`` with ``argv``; print its seconds, peak memory and exit code as JSON."""
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "kg", *argv], capture_output=True, timeout=timeout)
        code = done.returncode
    except subprocess.TimeoutExpired:
        code = None
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "exit": code}))


def run_case(argv: list[str], timeout: float) -> dict[str, float | int | None]:
    done = subprocess.run(
        [sys.executable, __file__, "--measure", str(timeout), "--", *argv], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def cases(folder: Path, rows: int) -> dict[str, list[str]]:
    (folder / "rows.jsonl").write_text(jsonl_rows(rows))
    (folder / "long.txt").write_text("\n\n".join(f"Report {i}: {SENTENCE}" for i in range(16_000)))
    (folder / "bomb.html").write_text(entity_bomb_html(1_400_000))
    (folder / "alias.md").write_text(f"---\n{alias_bomb()}\n---\n{SENTENCE}")
    (folder / "deep.jsonl").write_text(
        json.dumps({"text": SENTENCE}).replace("}", ', "x": ' + "[" * 200_000 + "]" * 200_000 + "}") + "\n"
    )
    return {
        "baseline: the two seeds": [str(ROOT / "seeds")],
        f"{rows:,} one-line JSON Lines rows": [str(folder / "rows.jsonl")],
        "1.1 MB text (over --max-chars)": [str(folder / "long.txt")],
        "4.2 MB HTML entity bomb": [str(folder / "bomb.html")],
        "YAML alias bomb in front matter": [str(folder / "alias.md")],
        "JSON row nested 200,000 deep": [str(folder / "deep.jsonl")],
        "/dev/zero": ["/dev/zero"],
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        measure(sys.argv[4:], float(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1000, help="JSON Lines rows (default: 1000)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before a case is given up")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{'case':40}  {'seconds':>8}  {'peak MB':>8}  exit")
        for name, inputs in cases(folder, args.rows).items():
            figures = run_case(["build", *inputs, "-o", str(folder / "out.ttl")], args.timeout)
            exit_code = "timeout" if figures["exit"] is None else figures["exit"]
            print(f"{name:40}  {figures['seconds']:8.1f}  {figures['peak_mb']:8.0f}  {exit_code}", flush=True)


if __name__ == "__main__":
    main()
