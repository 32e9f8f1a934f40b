"""Time and memory of the cross-article merge, blocked against the old all-pairs merge.

    python bench/merge_speed.py [--sizes 1000 3000 10000] [--old-timeout 120]

The dev articles and seeds are extracted once (kg's own NLP), then copied with varied
names and dates into 1k, 3k and 10k articles' documents (bench/_documents.py). Each size
is merged in a fresh process by today's ``kg.merging.merge`` and by the merge as it was
before blocking (``kg/merging.py`` at commit ``QUADRATIC``, read with ``git show``), which
is stopped after --old-timeout seconds (and not run at larger sizes). Prints, per size and merge: events in and out,
seconds, and the peak RSS the merge added to the process holding the documents. The two
merges' events are compared where both finish. Asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _documents import ROOT, documents, load_documents, peak_rss_mb, save_dev_documents

#: The last commit of kg/merging.py that compared every pair of candidate events.
QUADRATIC = "3f0496de1ca7e0d9ee7b85f8fd7b9ac9beb26118"


def quadratic_module() -> ModuleType:
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{QUADRATIC}:kg/merging.py"], capture_output=True, text=True, check=True
    ).stdout
    spec = importlib.util.spec_from_loader("kg_merging_quadratic", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and typing look the module up by name
    exec(compile(source, "kg/merging.py@quadratic", "exec"), module.__dict__)
    return module


def child(which: str, size: int, originals_path: str, result_path: str) -> None:
    """Merge ``size`` articles' documents in this process and print the figures as JSON."""
    if which == "quadratic":
        merge = quadratic_module().merge
    else:
        from kg.merging import merge
    originals = load_documents(originals_path)
    docs = list(documents(originals, size))
    before = peak_rss_mb()
    start = time.perf_counter()
    kb = merge(docs)
    seconds = time.perf_counter() - start
    peak = peak_rss_mb()
    with open(result_path, "wb") as f:
        pickle.dump(kb.events, f)
    events_in = sum(len(doc.events) for doc in docs)
    print(json.dumps({"seconds": seconds, "added_mb": peak - before, "in": events_in, "out": len(kb.events)}))


def run(which: str, size: int, originals: str, folder: str, timeout: float) -> dict | None:
    result = f"{folder}/{which}-{size}.pkl"
    command = [sys.executable, __file__, "--child", which, str(size), originals, result]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    return {**json.loads(done.stdout.splitlines()[-1]), "result": result}


def _load(path: str) -> object:
    with open(path, "rb") as f:
        return pickle.load(f)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--old-timeout", type=float, default=120.0, help="seconds before the old merge is stopped")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        which, size, originals, result = args.child
        child(which, int(size), originals, result)
        return
    with tempfile.TemporaryDirectory() as folder:
        originals = save_dev_documents(folder)
        print(f"{'articles':>8} {'events':>7} {'merged':>7} {'blocked s':>9} {'MB':>6} {'old s':>9} {'MB':>6}  same")
        stopped = False
        for size in sorted(args.sizes):
            new = run("blocked", size, originals, folder, timeout=3600)
            # once the old merge does not finish, it does not at a larger size either
            old = run("quadratic", size, originals, folder, timeout=args.old_timeout) if not stopped else None
            stopped = old is None
            assert new is not None
            if old is None:
                old_text, same = f"{'>' + format(args.old_timeout, '.0f'):>9} {'-':>6}", "-"
            else:
                old_text = f"{old['seconds']:9.2f} {old['added_mb']:6.0f}"
                same = str(_load(old["result"]) == _load(new["result"]))
            print(
                f"{size:8d} {new['in']:7d} {new['out']:7d} {new['seconds']:9.2f} {new['added_mb']:6.0f} {old_text}  {same}"
            )


if __name__ == "__main__":
    main()
