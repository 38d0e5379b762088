"""Engine benchmark: assessments per second and cold load time of every rule pack.

Run with `make bench`. Prints figures; it never fails on them (shared machines are noisy).
Targets (issue: rules engine): >= 20,000 assessments/s on one core; all packs load in <= 300 ms.
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.engine import Situation, assess, load_book  # noqa: E402
from app.engine.vocabulary import Conduct, Relationship  # noqa: E402

RULES = ROOT / "rules"
ON = date(2026, 11, 23)


def random_situations(states: list[str], n: int, seed: int = 7) -> list[Situation]:
    """A reproducible mix of complete and partial situations across every loaded state."""
    rng = random.Random(seed)
    rels, acts = list(Relationship), list(Conduct)
    out = []
    for _ in range(n):
        def maybe(value):
            return value if rng.random() < 0.8 else None
        out.append(Situation(
            state=rng.choice(states),
            relationships=maybe(frozenset(rng.sample(rels, rng.randint(1, 2)))),
            conduct=maybe(frozenset(rng.sample(acts, rng.randint(1, 3)))),
            lived_together=maybe(rng.random() < 0.5),
            relationship_ended_on=maybe(ON - timedelta(days=rng.randint(0, 1500))),
            last_incident_on=maybe(ON - timedelta(days=rng.randint(0, 400))),
            incident_count=maybe(rng.randint(1, 5)),
            petitioner_age=maybe(rng.randint(10, 80)),
            respondent_age=maybe(rng.randint(12, 80)),
            children_involved=maybe(rng.random() < 0.4),
            respondent_has_firearms=maybe(rng.random() < 0.3),
        ))
    return out


def cold_load_ms(runs: int = 5) -> list[float]:
    """Load every pack in a fresh interpreter each time (imports excluded), in milliseconds."""
    code = ("import time,sys; sys.path.insert(0, %r); from app.engine import load_book; from pathlib import Path; "
            "t=time.perf_counter(); b=load_book(Path(%r)); print((time.perf_counter()-t)*1000, len(b.states))")
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code % (str(ROOT), str(RULES))], capture_output=True, text=True, check=True)
        ms, _ = out.stdout.split()
        times.append(float(ms))
    return times


def main() -> None:
    book = load_book(RULES)
    states = sorted(book.states)
    situations = random_situations(states, 20_000)
    for s in situations[:2000]:  # warm the per-date views
        assess(s, book, ON)
    rates = []
    for _ in range(5):
        t = time.perf_counter()
        for s in situations:
            assess(s, book, ON)
        rates.append(len(situations) / (time.perf_counter() - t))
    t = time.perf_counter()
    for s in situations[:2000]:
        assess(s, book, ON).model_dump_json()
    json_rate = 2000 / (time.perf_counter() - t)
    loads = cold_load_ms()
    result = {
        "states": len(states),
        "order_types": sum(len(r.order_types) for r in book.states.values()),
        "assessments_per_s_median": round(statistics.median(rates)),
        "assessments_per_s_best": round(max(rates)),
        "assessments_with_json_per_s": round(json_rate),
        "cold_load_ms_median": round(statistics.median(loads), 1),
        "cold_load_ms_max": round(max(loads), 1),
        "targets": {"assessments_per_s": 20_000, "cold_load_ms": 300},
    }
    print(json.dumps(result, indent=2))
    print(f"assess: {result['assessments_per_s_median']:,}/s median over 5 x {len(situations):,} situations "
          f"({result['assessments_per_s_median'] / 20_000:.2f}x the 20,000/s target)")
    print(f"load:   {result['cold_load_ms_median']} ms median cold load of {len(states)} states "
          f"({result['cold_load_ms_median'] / 300:.2f}x the 300 ms budget)")


if __name__ == "__main__":
    main()
