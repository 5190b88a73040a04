"""Does a plain-text state-of-the-art linker (Splink) meet issue 5's per-cell criterion?

Issue 5 asks that the capture-history table (persons per pattern of lists) found by linkage
equals the truth within 1% in every cell. This script links the six generated list sets of
``TRUTH_CASES`` (benchmarks/linkage.py) with Splink 4, which sees names, birth dates, sex and
country in the clear, and scores the result against the generator's truth. The truth is
written to a separate file and read only to score. Results: docs/benchmarks/linkage-splink.md.

Reproduce (Splink runs in its own venv, never in the project's .venv)::

    python3.11 -m venv /tmp/splink-venv
    /tmp/splink-venv/bin/pip install "splink>=4,<5"
    # 1. the six list sets, with the project's generator (project venv):
    .venv/bin/python benchmarks/linkage_splink_ceiling.py generate --data /tmp/splink-data
    # 2. link and score (Splink venv; reads only the CSVs):
    nice -n 10 /tmp/splink-venv/bin/python benchmarks/linkage_splink_ceiling.py link \\
        --data /tmp/splink-data --json /tmp/splink-data/result.json

``generate`` writes /tmp/splink-data/<case>.csv (all lists, one ``source`` column) and
/tmp/splink-data/<case>.truth.csv (source, record_ref, person).

The model follows Splink's documentation: ``link_only`` across the ``source`` column; names
folded to lower-case ASCII with Dutch prefixes dropped ("Berg, van der" -> "berg"); a
ForenameSurnameComparison-style name comparison whose fuzzy levels also accept swapped
names; Splink's date-of-birth levels plus a day-month swap level; exact sex and country;
u by random sampling, the prior by deterministic rules (recall 0.7), m by EM; pairs accepted
at match probability 0.5, Splink's default decision point; clusters by connected components
and, separately, by Splink's single-best-links clustering (at most one record per list in a
cluster: persons are unique within a list). Two variants: with term-frequency adjustment on
exact name agreement (what the documentation recommends) and without. Nothing is fitted to
the truth except the rows labelled "oracle", where the best of ``ORACLE_THRESHOLDS`` is picked
on the truth per list set, to bound the design.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

FIELDS = [
    "source",
    "record_ref",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "country_of_birth",
]


def _project_prefixes() -> frozenset[str]:
    """Zicht's own list of Dutch name prefixes, loaded from its pure-Python module by path:
    this script runs in the Splink venv, where the zicht package is not installed."""
    path = Path(__file__).resolve().parents[1] / "src/zicht/core/privacy/linkage/normalise.py"
    spec = importlib.util.spec_from_file_location("zicht_normalise", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module.DUTCH_NAME_PREFIXES


# Dropped as a practitioner would: "van der Berg", "Berg, van der" and "Berg" are one name.
PREFIXES = _project_prefixes()
_NOT_LETTER = re.compile(r"[^a-z]+")

# Match probability at which pairs are accepted: Splink's default decision point.
DEFAULT_THRESHOLD = 0.5
# Thresholds tried for the oracle rows (the best one is picked on the truth).
ORACLE_THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)


# --------------------------------------------------------------------------- generate


def generate(data: Path) -> None:
    """Write the six list sets and their truth (runs in the project venv)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from linkage import TRUTH_CASES

    from zicht.core.privacy.linkage.synthetic import generate_lists

    data.mkdir(parents=True, exist_ok=True)
    for case, settings in TRUTH_CASES.items():
        lists = generate_lists(settings)
        with (data / f"{case}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=FIELDS, extrasaction="ignore")
            writer.writeheader()
            for source, rows in lists.records.items():
                writer.writerows({"source": source, **row} for row in rows)
        with (data / f"{case}.truth.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["source", "record_ref", "person"])
            for (source, ref), person in lists.person_of_record.items():
                writer.writerow([source, ref, person])
        print(case, sum(map(len, lists.records.values())), "records")


# --------------------------------------------------------------------------- normalise


def fold(value: str) -> str:
    """Lower-case ASCII words separated by single spaces; diacritics dropped."""
    value = value.replace("ł", "l").replace("Ł", "L").replace("ß", "ss").replace("ø", "o")
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(_NOT_LETTER.sub(" ", plain).split())


def name_core(value: str) -> str | None:
    """A name without prefixes; "Berg, van der" reads as "Berg". Empty gives None."""
    if "," in value:
        head, _, tail = value.partition(",")
        value = f"{tail} {head}"
    words = fold(value).split()
    kept = [word for word in words if word not in PREFIXES] or words
    return " ".join(kept) or None


def prepare(rows: list[dict[str, str]]):
    """The table Splink links: normalised names, NULL for every missing value."""
    import pandas as pd

    def blank(value: str) -> str | None:
        return value.strip() or None

    table = pd.DataFrame(
        {
            "unique_id": [row["record_ref"] for row in rows],
            "source": [row["source"] for row in rows],
            "given_name": [name_core(row["given_name"]) for row in rows],
            "family_name": [name_core(row["family_name"]) for row in rows],
            "date_of_birth": [blank(row["date_of_birth"]) for row in rows],
            "sex": [blank(row["sex"]) for row in rows],
            "country_of_birth": [blank(row["country_of_birth"]) for row in rows],
        }
    )
    # Splink's recommended extra column: the full name, for term frequencies on it.
    table["full_name"] = table["given_name"].fillna("") + " " + table["family_name"].fillna("")
    return table


# --------------------------------------------------------------------------- model


def date_comparison():
    """Splink's DateOfBirthComparison levels plus one for a day-month swap.

    The library comparison has no swap level: a swapped date (same year) falls in its
    "within one year" level, which also holds every other birth date in that year.
    """
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    col = "date_of_birth"
    swapped = (
        f"substr({col}_l, 1, 4) = substr({col}_r, 1, 4)"
        f" AND substr({col}_l, 6, 2) = substr({col}_r, 9, 2)"
        f" AND substr({col}_l, 9, 2) = substr({col}_r, 6, 2)"
    )
    return cl.CustomComparison(
        output_column_name=col,
        comparison_levels=[
            cll.NullLevel(col),
            cll.ExactMatchLevel(col),
            cll.DamerauLevenshteinLevel(col, 1),
            cll.CustomLevel(swapped, label_for_charts="Day and month swapped"),
            cll.AbsoluteDateDifferenceLevel(col, input_is_string=True, threshold=1, metric="year"),
            cll.AbsoluteDateDifferenceLevel(col, input_is_string=True, threshold=10, metric="year"),
            cll.ElseLevel(),
        ],
    )


def name_comparison(term_frequencies: bool):
    """Splink's ForenameSurnameComparison, with its fuzzy levels also for swapped names.

    The library comparison catches only an exact swap of given and family name, so a swapped
    name with a typo falls to its lowest level ("all other comparisons").

    Term frequencies (Splink's advice for names) count a value over all lists together, so
    a rare name seen once in each of two lists gets a frequency of 2/N, above the average u
    of an exact name match, and its agreement counts for less than an average name's: a
    pair with a unique name and one birth date missing falls below 0.5. Hence the variant
    without them.
    """
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    given, family = "given_name", "family_name"

    def similar(threshold: float):
        def both(g: str, f: str) -> str:
            return (
                f"jaro_winkler_similarity({given}_l, {g}_r) >= {threshold}"
                f" AND jaro_winkler_similarity({family}_l, {f}_r) >= {threshold}"
            )

        return cll.CustomLevel(
            f"({both(given, family)}) OR ({both(family, given)})",
            label_for_charts=f"Jaro-Winkler >= {threshold} on both names, either order",
        )

    return cl.CustomComparison(
        output_column_name="names",
        comparison_levels=[
            cll.And(cll.NullLevel(given), cll.NullLevel(family)),
            cll.ExactMatchLevel("full_name", term_frequency_adjustments=term_frequencies),
            cll.ColumnsReversedLevel(given, family, symmetrical=True),
            similar(0.92),
            similar(0.88),
            cll.ExactMatchLevel(family, term_frequency_adjustments=term_frequencies),
            cll.ExactMatchLevel(given, term_frequency_adjustments=term_frequencies),
            cll.ElseLevel(),
        ],
    )


def build_linker(table, name_tf: bool = True):
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        source_dataset_column_name="source",
        comparisons=[
            name_comparison(name_tf),
            date_comparison(),
            cl.ExactMatch("sex"),
            cl.ExactMatch("country_of_birth").configure(term_frequency_adjustments=True),
        ],
        # Each rule alone makes under 100,000 pairs on these lists, so no need to combine.
        blocking_rules_to_generate_predictions=[
            block_on("family_name"),
            block_on("given_name"),
            block_on("date_of_birth"),
            "l.given_name = r.family_name",
            "l.family_name = r.given_name",
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(table, settings, db_api=DuckDBAPI(), set_up_basic_logging=False)
    deterministic = [
        block_on("given_name", "family_name", "date_of_birth"),
        "l.given_name = r.family_name AND l.family_name = r.given_name"
        " AND l.date_of_birth = r.date_of_birth",
    ]
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("date_of_birth"), estimate_without_term_frequencies=True
    )
    # Names, sex and country are trained on pairs with one birth date; the date on pairs with
    # one family name, sex and country. Read off the m values, without the truth: blocking
    # on both names gives a block of nearly only matches and EM settles on "all match" (m of
    # a wholly different date 6%); blocking on the family name alone lets EM find "same
    # country" (names imply the country) instead of "same person".
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("family_name", "sex", "country_of_birth"), estimate_without_term_frequencies=True
    )
    return linker


# --------------------------------------------------------------------------- score


def score(table, truth: dict[str, int], clusters: dict[str, int], pairs, sources) -> dict:
    """Capture histories of the found clusters against the truth, and the pair errors.

    ``pairs`` are the pairs at or above the threshold; a pair is a false link when the
    clustering kept it (both records in one cluster) and the records are of two persons.
    """
    ids = list(table["unique_id"])
    source_of = dict(zip(ids, table["source"], strict=True))
    dateless = set(table["unique_id"][table["date_of_birth"].isna()])
    false_links = [
        (left, right)
        for left, right in pairs
        if clusters[left] == clusters[right] and truth[left] != truth[right]
    ]
    index = {source: i for i, source in enumerate(sources)}

    def histories(group_of: dict[str, int]) -> Counter:
        seen: dict[int, list[int]] = defaultdict(lambda: [0] * len(sources))
        for record in ids:
            seen[group_of[record]][index[source_of[record]]] = 1
        return Counter("".join(map(str, history)) for history in seen.values())

    true_cells, found_cells = histories(truth), histories(clusters)
    errors = {
        cell: found_cells.get(cell, 0) - true_cells.get(cell, 0)
        for cell in sorted(set(true_cells) | set(found_cells))
    }
    off = {
        cell: f"{error:+d}/{true_cells.get(cell, 0)}"
        for cell, error in errors.items()
        if abs(error) > 0.01 * true_cells.get(cell, 0)
    }
    clusters_of_person: dict[int, set[int]] = defaultdict(set)
    records_per_cluster_source: Counter = Counter()
    for record in ids:
        clusters_of_person[truth[record]].add(clusters[record])
        records_per_cluster_source[(clusters[record], source_of[record])] += 1
    persons_of_cluster: dict[int, set[int]] = defaultdict(set)
    for record in ids:
        persons_of_cluster[clusters[record]].add(truth[record])
    return {
        "true_persons": len(clusters_of_person),
        "persons_found": len(persons_of_cluster),
        "sum_abs_cell_error": sum(map(abs, errors.values())),
        "cells_off_by_more_than_1pct": off,
        "false_links": len(false_links),
        "false_links_with_a_dateless_record": sum(
            1 for left, right in false_links if left in dateless or right in dateless
        ),
        "merged_clusters": sum(1 for persons in persons_of_cluster.values() if len(persons) > 1),
        "missed_persons": sum(1 for found in clusters_of_person.values() if len(found) > 1),
        "clusters_with_two_records_of_one_list": len(
            {cluster for (cluster, _), count in records_per_cluster_source.items() if count > 1}
        ),
    }


def split_pairs(truth: dict[str, int], clusters: dict[str, int], probability, threshold) -> dict:
    """Record pairs of one person left in two clusters, by how far Splink got with them."""
    records_of: dict[int, list[str]] = defaultdict(list)
    for record, person in truth.items():
        records_of[person].append(record)
    causes: Counter = Counter()
    for records in records_of.values():
        for i, left in enumerate(records):
            for right in records[i + 1 :]:
                if clusters[left] == clusters[right]:
                    continue
                p = probability.get(frozenset((left, right)))
                causes[
                    "not_scored_or_p_below_0.1"
                    if p is None
                    else "p_below_threshold"
                    if p < threshold
                    else "p_above_threshold_but_dropped_by_clustering"
                ] += 1
    return dict(causes)


def _clusters(frame) -> dict[str, int]:
    return dict(zip(frame["unique_id"], frame["cluster_id"].factorize()[0].tolist(), strict=True))


def link_case(data: Path, case: str, name_tf: bool) -> dict:
    with (data / f"{case}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    table = prepare(rows)
    sources = list(dict.fromkeys(table["source"]))

    start, cpu = time.perf_counter(), time.process_time()
    linker = build_linker(table, name_tf)
    predictions = linker.inference.predict(threshold_match_probability=min(ORACLE_THRESHOLDS))
    pairs = predictions.as_pandas_dataframe()
    components = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=DEFAULT_THRESHOLD
    ).as_pandas_dataframe()
    timing = {
        "wall_s": round(time.perf_counter() - start, 1),
        "cpu_s": round(time.process_time() - cpu, 1),
    }

    # Truth is read only now, to score.
    with (data / f"{case}.truth.csv").open(encoding="utf-8") as handle:
        truth = {row["record_ref"]: int(row["person"]) for row in csv.DictReader(handle)}

    def accepted(threshold: float) -> list[tuple[str, str]]:
        kept = pairs[pairs["match_probability"] >= threshold]
        return list(zip(kept["unique_id_l"], kept["unique_id_r"], strict=True))

    result = {"records": len(table), **timing, "candidate_pairs_p_ge_0.1": len(pairs)}
    result["connected_components_at_0.5"] = score(
        table, truth, _clusters(components), accepted(DEFAULT_THRESHOLD), sources
    )
    best_links = linker.clustering.cluster_using_single_best_links(
        predictions, duplicate_free_datasets=sources, threshold_match_probability=DEFAULT_THRESHOLD
    ).as_pandas_dataframe()
    result["single_best_links_at_0.5"] = score(
        table, truth, _clusters(best_links), accepted(DEFAULT_THRESHOLD), sources
    )
    probability = {
        frozenset(pair): p
        for *pair, p in zip(
            pairs["unique_id_l"], pairs["unique_id_r"], pairs["match_probability"], strict=True
        )
    }
    for key, frame in (
        ("connected_components_at_0.5", components),
        ("single_best_links_at_0.5", best_links),
    ):
        result[key]["split_pairs"] = split_pairs(
            truth, _clusters(frame), probability, DEFAULT_THRESHOLD
        )
    # Oracle: every threshold scored on the truth, the best kept (bounds the design only).
    oracle: dict[str, dict] = {}
    for method in ("connected_components", "single_best_links"):
        tried = {}
        for threshold in ORACLE_THRESHOLDS:
            if method == "connected_components":
                frame = linker.clustering.cluster_pairwise_predictions_at_threshold(
                    predictions, threshold_match_probability=threshold
                )
            else:
                frame = linker.clustering.cluster_using_single_best_links(
                    predictions,
                    duplicate_free_datasets=sources,
                    threshold_match_probability=threshold,
                )
            tried[threshold] = score(
                table, truth, _clusters(frame.as_pandas_dataframe()), accepted(threshold), sources
            )
        best = min(
            tried,
            key=lambda t: (
                len(tried[t]["cells_off_by_more_than_1pct"]),
                tried[t]["sum_abs_cell_error"],
            ),
        )
        oracle[method] = {"threshold": best, **tried[best]}
        oracle[method]["sweep"] = {
            str(t): [s["sum_abs_cell_error"], len(s["cells_off_by_more_than_1pct"])]
            for t, s in tried.items()
        }
    result["oracle"] = oracle
    result["lambda"] = linker._settings_obj._probability_two_random_records_match
    result["match_weights"] = {
        comparison.output_column_name: {
            level.label_for_charts: round(level._log2_bayes_factor, 2)
            for level in comparison.comparison_levels
            if not level.is_null_level
        }
        for comparison in linker._settings_obj.comparisons
    }
    return result


VARIANTS = {"name_tf": True, "no_name_tf": False}
CLUSTERINGS = ("connected_components_at_0.5", "single_best_links_at_0.5")


def _table(results: dict, variant: str) -> str:
    lines = []
    for clustering in CLUSTERINGS:
        lines.append(f"\n{variant}, {clustering}")
        lines.append(
            "| list set | persons found − true | Σ |cell error| | cells off by > 1% "
            "| false links (dateless) | missed persons | wall s |"
        )
        lines.append("|---|---|---|---|---|---|---|")
        for case, result in results.items():
            got = result[clustering]
            lines.append(
                f"| {case} | {got['persons_found'] - got['true_persons']:+d} "
                f"| {got['sum_abs_cell_error']} | {len(got['cells_off_by_more_than_1pct'])} "
                f"| {got['false_links']} ({got['false_links_with_a_dateless_record']}) "
                f"| {got['missed_persons']} | {result['wall_s']} |"
            )
        method = clustering.removesuffix("_at_0.5")
        lines.append(f"oracle (threshold picked on the truth per list set), {method}:")
        for case, result in results.items():
            best = result["oracle"][method]
            lines.append(
                f"  {case}: t = {best['threshold']}, Σ {best['sum_abs_cell_error']}, "
                f"cells off {best['cells_off_by_more_than_1pct']}"
            )
    return "\n".join(lines)


def link(data: Path, cases: list[str], json_path: Path | None, variants: list[str]) -> None:
    everything = {}
    for variant in variants:
        results = everything[variant] = {}
        for case in cases:
            results[case] = link_case(data, case, VARIANTS[variant])
            print(variant, case, results[case]["wall_s"], "s", flush=True)
        print(_table(results, variant), flush=True)
    if json_path:
        json_path.write_text(json.dumps(everything, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=["generate", "link"])
    parser.add_argument("--data", type=Path, default=Path("/tmp/splink-data"))
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument(
        "--cases",
        nargs="*",
        default=["three", "three-seed11", "three-seed12", "four", "four-seed78", "four-seed79"],
    )
    parser.add_argument(
        "--variants",
        nargs="*",
        choices=list(VARIANTS),
        default=list(VARIANTS),
        help="with / without term-frequency adjustment on exact name agreement",
    )
    args = parser.parse_args()
    if args.mode == "generate":
        generate(args.data)
    else:
        link(args.data, args.cases, args.json, args.variants)


if __name__ == "__main__":
    main()
