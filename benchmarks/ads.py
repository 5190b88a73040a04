"""Ad linking benchmark: Zicht against InfoShield (ICDE 2021) on the same synthetic ads.

Run (see docs/benchmarks/ads.md)::

    nice -n 10 .venv/bin/python benchmarks/ads.py [--sizes 10000 100000] [--variants easy hard
        obfuscated] [--no-million] [--infoshield-python PATH --infoshield-repo PATH]

InfoShield runs from its own virtual environment (old numpy/pandas pins, see
shared/PEERS.md); its code is fetched into a temporary folder and never committed. Without
``--infoshield-python`` (or $INFOSHIELD_PYTHON and $INFOSHIELD_REPO) the peer is skipped.
Corpora follow the public synthetic spec and are seeded; pairwise precision and recall are
computed against the generator's operator labels.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from zicht.core.ads.evaluation import pairwise_scores
from zicht.demo.ads_corpus import VARIANTS, generate_corpus, write_jsonl

SECRET = b"benchmark-secret-not-for-production"


def _environment_path(name: str) -> Path | None:
    # `make bench` passes no arguments; the peer's location may come from the environment.
    value = os.environ.get(name, "")
    return Path(value) if value else None


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--variants", nargs="+", default=["easy", "hard", "obfuscated"])
    parser.add_argument(
        "--million",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also 1,000,000 ads (hard variant), Zicht only, with time and peak memory",
    )
    parser.add_argument("--million-size", type=int, default=1_000_000)
    parser.add_argument(
        "--infoshield-python", type=Path, default=_environment_path("INFOSHIELD_PYTHON")
    )
    parser.add_argument(
        "--infoshield-repo", type=Path, default=_environment_path("INFOSHIELD_REPO")
    )
    parser.add_argument("--infoshield-max-size", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/zicht_ads_bench"))
    parser.add_argument("--json", type=Path, default=None, help="write all results here")
    parser.add_argument(
        "--reuse-corpora",
        action="store_true",
        help="read corpora already in --workdir instead of generating them again",
    )
    parser.add_argument("--run-zicht", type=Path, default=None, help=argparse.SUPPRESS)
    return parser.parse_args([] if argv is None else argv)


def run_zicht_in_this_process(corpus: Path) -> None:
    """Child mode: what `zicht ads analyse` does (ads.csv and summary.json), with timings."""
    from zicht.core.ads.analysis import analyse_corpus
    from zicht.core.ads.export import write_ads_csv, write_summary_json

    started, cpu_started = time.perf_counter(), time.process_time()
    analysis = analyse_corpus(corpus, secret=SECRET)
    out = corpus.with_name(corpus.stem + "_zicht")
    out.mkdir(exist_ok=True)
    write_ads_csv(analysis, out / "ads.csv")
    write_summary_json(analysis, out / "summary.json")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    result = {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "ads_csv": str(out / "ads.csv"),
        "n_unique": analysis.n_unique,
        "n_clusters": analysis.n_clusters,
    }
    print(json.dumps(result))


def _cluster_labels(ads_csv: Path) -> list[str]:
    with ads_csv.open(encoding="utf-8", newline="") as handle:
        return [row["cluster_id"] for row in csv.DictReader(handle)]


def _zicht(corpus: Path) -> dict:
    # A child process per run, so peak memory belongs to this analysis alone. GNU time measures
    # it: a child's own ru_maxrss would include the pages it shared with this (large) parent
    # at fork time.
    command = ["/usr/bin/time", "-f", "%e %U %S %M", sys.executable, __file__, "--run-zicht",
               str(corpus)]  # fmt: skip
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    wall, user, system, max_kib = completed.stderr.strip().splitlines()[-1].split()
    # The process as a whole (interpreter start and imports included), like the peer's figures.
    result["process_seconds"] = float(wall)
    result["process_cpu_seconds"] = float(user) + float(system)
    result["peak_mib"] = int(max_kib) / 1024
    return result


def _infoshield(corpus_ads: list[dict], scratch: Path, python: Path, repo: Path) -> dict:
    scratch.mkdir(parents=True, exist_ok=True)
    with (scratch / "ads.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "text"])
        for ad in corpus_ads:
            writer.writerow([ad["ad_id"], " ".join(ad["text"].split())])
    command = [
        "/usr/bin/time",
        "-f",
        "%e %U %S %M",
        str(python),
        str(repo / "infoshield.py"),
        "ads.csv",
    ]
    completed = subprocess.run(command, cwd=scratch, capture_output=True, text=True, check=False)
    wall, user, system, max_kib = completed.stderr.strip().splitlines()[-1].split()
    labels: dict[str, str] = {}
    with (scratch / "ads_full_LSH_labels.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            label = row["LSH label"]
            labels[row["id"]] = f"single-{row['id']}" if label in ("-1", "-1.0") else label
    return {
        "seconds": float(wall),
        "cpu_seconds": float(user) + float(system),
        "peak_mib": int(max_kib) / 1024,
        "labels": [labels.get(ad["ad_id"], f"missing-{ad['ad_id']}") for ad in corpus_ads],
    }


def _compare(variant: str, size: int, options: argparse.Namespace) -> dict:
    folder = options.workdir / f"{variant}_{size}"
    folder.mkdir(parents=True, exist_ok=True)
    corpus = folder / "corpus.jsonl"
    if options.reuse_corpora and corpus.exists():
        with corpus.open(encoding="utf-8") as handle:
            ads = [json.loads(line) for line in handle]
    else:
        ads = generate_corpus(replace(VARIANTS[variant], n_ads=size, seed=1_000 + size))
        write_jsonl(ads, corpus)
    truth = [ad["operator"] for ad in ads]
    zicht = _zicht(corpus)
    predicted = _cluster_labels(Path(zicht.pop("ads_csv")))
    scores = pairwise_scores(predicted, truth)
    row = {"variant": variant, "ads": len(ads), "zicht": {**zicht, "precision": scores.precision,
           "recall": scores.recall, "ads_per_second": len(ads) / zicht["seconds"]}}  # fmt: skip
    if options.infoshield_python and size <= options.infoshield_max_size:
        peer = _infoshield(ads, folder / "infoshield", options.infoshield_python,
                           options.infoshield_repo)  # fmt: skip
        peer_scores = pairwise_scores(peer.pop("labels"), truth)
        row["infoshield"] = {**peer, "precision": peer_scores.precision,
                             "recall": peer_scores.recall,
                             "ads_per_second": len(ads) / peer["seconds"]}  # fmt: skip
        # Whole processes on both sides (interpreter start, reading and writing included).
        row["speed_ratio"] = peer["seconds"] / zicht["process_seconds"]
        row["cpu_ratio"] = peer["cpu_seconds"] / zicht["process_cpu_seconds"]
    return row


def _markdown(rows: list[dict]) -> str:
    lines = [
        "| variant | ads | Zicht P | Zicht R | Zicht wall s | Zicht CPU s | Zicht MiB "
        "| InfoShield P | InfoShield R | InfoShield wall s | InfoShield CPU s | InfoShield MiB "
        "| ratio wall | ratio CPU |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        zicht, peer = row["zicht"], row.get("infoshield")
        peer_cells = (
            f"{peer['precision']:.3f} | {peer['recall']:.3f} | {peer['seconds']:.1f} | "
            f"{peer['cpu_seconds']:.1f} | {peer['peak_mib']:.0f} | {row['speed_ratio']:.0f}× | "
            f"{row['cpu_ratio']:.0f}×"
            if peer
            else "– | – | – | – | – | – | –"
        )
        lines.append(
            f"| {row['variant']} | {row['ads']:,} | {zicht['precision']:.3f} | "
            f"{zicht['recall']:.3f} | {zicht['process_seconds']:.1f} | "
            f"{zicht['process_cpu_seconds']:.1f} | {zicht['peak_mib']:.0f} | " + peer_cells + " |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    options = _parse(argv)
    if options.run_zicht is not None:
        run_zicht_in_this_process(options.run_zicht)
        return
    options.workdir.mkdir(parents=True, exist_ok=True)
    runs = [(variant, size) for size in options.sizes for variant in options.variants]
    if options.million:
        runs.append(("hard", options.million_size))
    rows: list[dict] = []
    for variant, size in runs:
        rows.append(_compare(variant, size, options))
        rows[-1]["load_average"] = os.getloadavg()
        # Row by row, so an interrupted hour-long run keeps what it measured.
        print(json.dumps(rows[-1]), flush=True)
        if options.json:
            options.json.write_text(json.dumps(rows, indent=2) + "\n")
    print(_markdown(rows), flush=True)
    print(f"cpu count: {os.cpu_count()}, load average: {os.getloadavg()}")


if __name__ == "__main__":
    main(sys.argv[1:])
