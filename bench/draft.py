"""Measure `geo draft` on the evaluation sets: accuracy, time and memory.

Two sets are scored apart: the tuning set (tests/data/draft_eval/, which the tool was developed against) and the
held-out set (tests/data/draft_heldout/, annotated before the tool was first run on it). Prints, per article and
overall for each set: place recall and precision within tolerance, date recall and precision,
the share of countries and capitals told apart as actors or places, and the time per article; then the
time to draft a 1,000-word article (the first, which opens the gazetteer and loads dateparser, and the
ones after) and the process's peak memory. Run: .venv/bin/python bench/draft.py
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.draft import Drafter, split  # noqa: E402
from geo.draft.evaluate import Score, load_annotation, score  # noqa: E402

EVAL = ROOT / "tests" / "data" / "draft_eval"
HELDOUT = ROOT / "tests" / "data" / "draft_heldout"


def peak_rss_mib() -> float:
    """The process's peak resident memory (VmHWM), in MiB."""
    for line in Path(f"/proc/{os.getpid()}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def thousand_words() -> str:
    """A 1,000-word article made of the evaluation set's paragraphs, with a dateline."""
    paragraphs: list[str] = []
    for path in sorted(EVAL.glob("*.txt")):
        paragraphs += split(path.read_text(encoding="utf-8")).paragraphs
    body, count = [], 0
    while count < 1000:
        for paragraph in paragraphs:
            body.append(paragraph)
            count += len(paragraph.split())
            if count >= 1000:
                break
    body[0] = "Amman, 11 September 2018 - " + body[0]
    return "Long article\n" + "\n".join(body)


def report(drafter: Drafter, folder: Path) -> Score:
    """Print one set's scores, per article and overall; return the overall counts."""
    header = f"{'article':44} {'place R':>7} {'place P':>7} {'date R':>6} {'date P':>6} {'actors':>6} {'ms':>6}"
    print(header)
    print("-" * len(header))
    total = Score()
    for path in sorted(folder.glob("*.json")):
        annotation = load_annotation(path)
        article = split((folder / annotation["article"]).read_text(encoding="utf-8"))
        tick = time.perf_counter()
        drafted = drafter.draft(article, date.fromisoformat(annotation["date"]), annotation["publisher"])
        elapsed = (time.perf_counter() - tick) * 1000
        result = score(drafted, annotation)
        total = total + result
        print(f"{path.stem[:44]:44} {result.place_recall:7.2f} {result.place_precision:7.2f} "
              f"{result.date_recall:6.2f} {result.date_precision:6.2f} {result.actor_share:6.2f} {elapsed:6.0f}")
    print("-" * len(header))
    print(f"{'overall':44} {total.place_recall:7.2f} {total.place_precision:7.2f} {total.date_recall:6.2f} "
          f"{total.date_precision:6.2f} {total.actor_share:6.2f}")
    print(f"  places {total.places_found}/{total.places_annotated} found, {total.places_right}/{total.places_drawn} "
          f"drawn right; dates {total.dates_found}/{total.dates_annotated} found, "
          f"{total.dates_right}/{total.dates_drafted} drafted right; actors {total.actors_right}/"
          f"{total.actors_annotated}")
    return total


def main() -> int:
    started = time.perf_counter()
    drafter = Drafter()
    long_text = split(thousand_words())
    first = time.perf_counter()
    drafter.draft(long_text, date(2018, 9, 11))
    first_s = time.perf_counter() - first + (first - started)
    again = []
    for _ in range(5):
        tick = time.perf_counter()
        drafter.draft(long_text, date(2018, 9, 11))
        again.append(time.perf_counter() - tick)
    words = sum(len(p.split()) for p in long_text.paragraphs)

    for title, folder in (("tuning set (tests/data/draft_eval/: the tool was developed against it)", EVAL),
                          ("held-out set (tests/data/draft_heldout/: annotated before the tool saw it)", HELDOUT)):
        print(f"\n{title}")
        report(drafter, folder)
    print(f"\n{words}-word article: first {first_s:.2f} s (opening the index and dateparser included), "
          f"then {min(again):.3f}-{max(again):.3f} s; peak memory {peak_rss_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
