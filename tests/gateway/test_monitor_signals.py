"""ExtractionMonitor: ordinary traffic raises nothing; sweeps, floods, costly keys and extraction-shaped traffic
raise one alert per signal and window; memory stays bounded."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiwarden.core.taxonomy import is_known_tag
from aiwarden.gateway.monitor import ATLAS, Alert, ExtractionMonitor, MonitorConfig, template_cells, template_tokens

GUARD_DATA = Path(__file__).resolve().parents[1] / "data" / "guard"
COUNTRIES = ["France", "Germany", "New Zealand", "Peru", "Chile", "Japan", "Kenya", "Egypt", "Spain", "Italy",
             "Norway", "Sweden", "Brazil", "India", "China", "Mexico", "Canada", "Ghana", "Nepal", "Laos", "Cuba",
             "Iran", "Iraq", "Oman", "Fiji", "Mali", "Chad", "Togo", "Benin", "Niger", "Sri Lanka", "South Africa"]


def human_prompts() -> list[str]:
    """Hand-written benign requests of many shapes (coding, writing, admin, questions)."""
    rows = []
    for name in ("hard_negatives.jsonl", "hard_negatives_holdout.jsonl"):
        rows += [json.loads(line)["text"] for line in (GUARD_DATA / name).read_text().splitlines() if line]
    assert len(rows) > 1000
    return rows


def signals(alerts: list[Alert]) -> list[str]:
    return [alert.signal for alert in alerts]


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_ordinary_chat_traffic_raises_nothing(seed: int) -> None:
    prompts = human_prompts()
    rng = random.Random(seed)
    monitor = ExtractionMonitor()
    now, alerts = 0.0, []
    for _ in range(3000):  # about 2.5 hours at a busy human pace, repeats included
        now += rng.uniform(0.5, 5.5)
        alerts += monitor.observe("alice", rng.choice(prompts), rng.randint(200, 3000), now)
    assert alerts == []


def test_a_fast_typist_with_a_burst_of_varied_prompts_raises_nothing() -> None:
    prompts = human_prompts()
    rng = random.Random(11)
    monitor = ExtractionMonitor()
    alerts = [a for i, prompt in enumerate(rng.sample(prompts, 250)) for a in monitor.observe("bob", prompt, 1500, i)]
    assert alerts == []  # 250 distinct prompts in 250 s: below the diversity threshold of 300


def test_a_capital_sweep_among_ordinary_traffic_raises_one_sweep_alert() -> None:
    prompts = human_prompts()
    rng = random.Random(3)
    monitor = ExtractionMonitor()
    alerts: list[Alert] = []
    now = 0.0
    for country in COUNTRIES:
        for _ in range(2):  # the sweep is a third of the key's traffic
            now += 2
            alerts += monitor.observe("mallory", rng.choice(prompts), 500, now)
        now += 2
        alerts += monitor.observe("mallory", f"What is the capital of {country}?", 40, now)
    assert signals(alerts) == ["sweep"]
    alert = alerts[0]
    assert alert.key_id == "mallory" and alert.value >= alert.threshold == 20
    assert alert.atlas == ATLAS["sweep"] and "AML.T0024" in alert.atlas
    assert "systematic sweep" in alert.message and "mallory" in alert.message


def test_sweeps_over_numbers_quoted_values_and_lowercase_words_are_recognised() -> None:
    words = ["apple", "river", "mountain", "bread", "window", "garden", "candle", "silver", "thunder", "pepper",
             "island", "forest", "mirror", "blanket", "ladder", "pencil", "rabbit", "saddle", "tunnel", "violin",
             "wallet", "anchor", "basket", "cactus"]
    sweeps = {
        "numbers": [f"What is the account balance for customer id {1000 + 37 * i}?" for i in range(30)],
        "quoted": [f'Classify the sentiment of the review "{w} was {w}ish today" as positive or negative.'
                   for w in words],
        "word": [f"Translate the word {w} into German and give its gender." for w in words],
    }
    for name, sweep in sweeps.items():
        monitor = ExtractionMonitor()
        alerts = [a for i, prompt in enumerate(sweep) for a in monitor.observe(name, prompt, 30, float(i))]
        assert signals(alerts) == ["sweep"], name


def test_a_sweep_alerts_once_per_window_and_again_in_the_next() -> None:
    monitor = ExtractionMonitor(MonitorConfig(window=600))
    alerts: list[Alert] = []
    for index in range(400):  # one prompt every 3 s: 1200 s, two windows
        number = 10_000 + index
        alerts += monitor.observe("k", f"Give me the phone number of employee {number}.", 20, index * 3.0)
    assert signals(alerts) == ["sweep", "sweep"]


def test_a_flood_of_one_prompt_raises_volume_only_once_per_window() -> None:
    monitor = ExtractionMonitor()
    alerts: list[Alert] = []
    for index in range(1500):  # 5 a second for 300 s
        alerts += monitor.observe("flood", "ping", 5, index * 0.2)
    assert signals(alerts) == ["volume"]
    assert alerts[0].value == 600 and alerts[0].atlas == ATLAS["volume"]


def test_costly_requests_raise_cost_harvesting() -> None:
    monitor = ExtractionMonitor()
    prompts = human_prompts()
    alerts = [a for i in range(40) for a in monitor.observe("big", prompts[i * 7], 30_000, i * 10.0)]
    assert signals(alerts) == ["cost"]
    assert alerts[0].value >= 1_000_000 and alerts[0].atlas == ("AML.T0034",)


def test_many_distinct_prompts_at_high_volume_raise_diversity() -> None:
    prompts = human_prompts()
    monitor = ExtractionMonitor()
    alerts = [a for i, prompt in enumerate(prompts[:500]) for a in monitor.observe("distill", prompt, 800, i * 0.8)]
    assert signals(alerts) == ["diversity"]
    assert alerts[0].atlas == ("AML.T0024.002", "AML.T0040")
    assert alerts[0].value >= 300


def test_the_window_slides() -> None:
    monitor = ExtractionMonitor(MonitorConfig(window=60, volume=100))
    for index in range(99):
        assert monitor.observe("k", "same", 1, index * 0.5) == []
    assert monitor.observe("k", "same", 1, 200.0) == []  # the earlier 99 are out of the window
    for index in range(98):
        assert monitor.observe("k", "same", 1, 201 + index * 0.1) == []
    assert signals(monitor.observe("k", "same", 1, 211.0)) == ["volume"]  # 100 within the last minute


def test_alerts_are_per_key() -> None:
    monitor = ExtractionMonitor(MonitorConfig(volume=10))
    alerts = [a for i in range(10) for k in ("a", "b") for a in monitor.observe(k, "hi", 1, float(i))]
    assert sorted(alert.key_id for alert in alerts) == ["a", "b"]


def test_memory_is_bounded() -> None:
    monitor = ExtractionMonitor(MonitorConfig(max_keys=50, sample_size=64))
    for index in range(2000):
        monitor.observe(f"key-{index}", f"prompt {index}", 1, float(index))
    assert monitor.tracked_keys == 50
    prompts = human_prompts()
    for index in range(3000):
        monitor.observe("busy", prompts[index % len(prompts)] + f" #{index}", 1, 3000 + index * 0.01)
    assert monitor.sample_length("busy") == 64
    state = monitor._keys["busy"]
    assert len(state.prompts) <= 64
    assert sum(state.families) == sum(len(p.cells) for p in state.prompts.values())  # counts stay consistent
    monitor.observe("busy", "later", 1, 10_000.0)  # a window later the old sample is gone
    assert monitor.sample_length("busy") == 1 and sum(state.families) == 0


def test_alert_records_for_the_audit_trail() -> None:
    monitor = ExtractionMonitor(MonitorConfig(volume=3))
    alerts = [a for i in range(3) for a in monitor.observe("k1", "x", 1, float(i))]
    entry = alerts[0].audit_entry(123.0)
    assert (entry.time, entry.event) == (123.0, "alert")
    assert entry.data == {"signal": "volume", "key_id": "k1", "value": 3, "threshold": 3,
                          "atlas": ["AML.T0034", "AML.T0029"], "message": "key k1: 3 requests in 600 s"}
    json.dumps(entry.data)


def test_every_atlas_id_is_known() -> None:
    for ids in ATLAS.values():
        assert ids and all(is_known_tag(tag) for tag in ids)


def test_template_masks_slot_values() -> None:
    assert template_tokens("What's the capital of New Zealand?") == ["what", "'", "s", "the", "capital", "of", "A",
                                                                    "?"]
    assert template_tokens('Rate "the food was great" from 1 to 3.5 for Bob') == [
        "rate", '"', "from", "0", "to", "0", "for", "A"]
    assert len(template_cells("ok thanks")) == 0  # too short to be a template
    same = set(template_cells("What is the capital of France?")) & set(template_cells("What is the capital of Peru?"))
    assert same


def test_template_cells_are_the_same_in_every_process() -> None:
    code = "from aiwarden.gateway.monitor import template_cells; print(list(template_cells('Capital of Peru, 3?')))"
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60,
                              env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout for seed in ("1", "2")}
    assert len(outputs) == 1 and outputs != {"[]\n"}


def test_observe_takes_microseconds() -> None:
    prompts = human_prompts()
    monitor = ExtractionMonitor()
    started = time.perf_counter()
    for index in range(2000):
        monitor.observe("k", prompts[index % len(prompts)], 100, index * 0.5)
    per_call = (time.perf_counter() - started) / 2000
    assert per_call < 1e-3, per_call  # typically 20-40 µs; generous for a loaded test machine


@settings(max_examples=300, deadline=1000)
@given(st.text(max_size=3000))
def test_any_text_is_observed_safely(text: str) -> None:
    cells = template_cells(text)
    assert all(0 <= cell < 2 * 4096 for cell in cells)
    assert len(cells) <= 2 * 33  # two counters for each of at most 33 signatures
    monitor = ExtractionMonitor()
    assert monitor.observe("k", text, 1, 0.0) == []
