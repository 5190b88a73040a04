"""How much do the encodings tell about sex? Schema version 1 against version 2, one run.

    nice -n 10 .venv/bin/python benchmarks/linkage_sex_leak.py [--population 12000]

Issue 16 item 6. The attacker holds one partner's encodings (not the secret) and the
partner's own published aggregates: the share of women on its list. Two measurements on the
same generated records, encoded once with each schema:

1. *Correlation attack* (what the aggregates make possible without any labelled record):
   mine groups of strongly co-occurring bits (as ``tests/.../test_frequency_attack.py``),
   score each record by its group's bits, fit two normal components to the scores and call
   the component whose weight is closest to the published share of women "women"; the
   records most likely in it, as many as the share says, are guessed to be women. Accuracy
   against the base rate (guessing the larger sex for everyone) and the AUC of the score.
2. *Learning from label proportions*: partners publish counts by sex per municipality,
   form of exploitation and age group, and those attributes travel with every encoding. In
   real lists sex differs by form (sexual exploitation: mostly women), which the generator
   does not model, so here each record's form is redrawn from its sex (women 70% sexual,
   men 60% labour). The attacker regresses each group's published share of women on the
   group's mean of the encodings' top 50 principal components and predicts every record.
   Compared with the aggregates alone (each record gets its group's share); the AUC within
   groups (a woman and a man of one group) is what the encodings add to the aggregates.
3. *Probe* (an upper bound: an attacker who somehow knows the sex of half the records):
   ridge regression of sex on the bits, trained on half, AUC on the other half.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

import numpy as np
from scipy.stats import rankdata

from zicht.core.privacy.linkage import RecordEncoder
from zicht.core.privacy.linkage.schema import (
    DEFAULT_SCHEMA,
    SCHEMA_V1,
    EncodingSchema,
    NameEnding,
)
from zicht.core.privacy.linkage.synthetic import SyntheticListSettings, generate_lists

SECRET = b"benchmark-secret-0123456789abcdef"


def auc(score: np.ndarray, positive: np.ndarray) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    ranks = rankdata(score)
    n1 = int(positive.sum())
    n0 = len(positive) - n1
    return float((ranks[positive].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def _two_normals(score: np.ndarray, iterations: int = 200):
    """EM for a mixture of two normal distributions in one dimension."""
    mean = np.quantile(score, [0.25, 0.75])
    spread = np.full(2, score.std() + 1e-9)
    weight = np.array([0.5, 0.5])
    for _ in range(iterations):
        density = weight * np.exp(-0.5 * ((score[:, None] - mean) / spread) ** 2) / spread
        responsibility = density / np.maximum(density.sum(1, keepdims=True), 1e-300)
        weight = responsibility.mean(0)
        mean = (responsibility * score[:, None]).sum(0) / responsibility.sum(0)
        variance = (responsibility * (score[:, None] - mean) ** 2).sum(0)
        spread = np.sqrt(variance / responsibility.sum(0)) + 1e-9
    return weight, mean, spread, responsibility


def correlation_attack(bits: np.ndarray, share_women: float, seeds: int = 8, size: int = 40):
    """Posterior 'woman' per record, from bit groups alone plus the published share."""
    values = bits.astype(np.float64)
    values = (values - values.mean(0)) / np.maximum(values.std(0), 1e-9)
    correlation = values.T @ values / len(values)
    np.fill_diagonal(correlation, 0)
    strength = np.sort(np.abs(correlation), axis=1)[:, -size:].sum(1)
    used = np.zeros(len(correlation), dtype=bool)
    best: tuple[float, np.ndarray] | None = None
    for _ in range(seeds):
        seed = int(np.argmax(np.where(used, -1.0, strength)))
        members = np.r_[np.argsort(np.abs(correlation[seed]))[-size:], seed]
        used[members] = True
        signs = np.sign(correlation[seed, members])
        signs[-1] = 1.0
        score = values[:, members] @ signs
        weight, mean, spread, responsibility = _two_normals(score)
        women = int(np.argmin(np.abs(weight - share_women)))
        separation = abs(mean[0] - mean[1]) / np.sqrt((spread**2).mean())
        # The attacker prefers well separated groups whose size matches the aggregate.
        merit = separation - 10 * abs(weight[women] - share_women)
        if best is None or merit > best[0]:
            best = (merit, responsibility[:, women])
    assert best is not None
    return best[1]


def _forms_following_sex(women: np.ndarray, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    draw = rng.random(len(women))
    woman_form = np.where(draw < 0.7, "seksueel", np.where(draw < 0.85, "arbeid", "overig"))
    man_form = np.where(draw < 0.6, "arbeid", np.where(draw < 0.8, "seksueel", "overig"))
    return np.where(women, woman_form, man_form)


def label_proportion_attack(bits, women, rows) -> tuple[np.ndarray, np.ndarray]:
    """Per record: the group's published share, and the attacker's prediction from bits."""
    forms = _forms_following_sex(women)
    keys = [
        f"{row['municipality']}|{form}|{row['age_group']}"
        for row, form in zip(rows, forms, strict=True)
    ]
    _, group = np.unique(keys, return_inverse=True)
    sizes = np.bincount(group)
    published = np.bincount(group, weights=women.astype(float)) / sizes
    values = bits.astype(np.float64)
    values -= values.mean(0)
    left, singular, _ = np.linalg.svd(values, full_matrices=False)
    components = np.c_[np.ones(len(values)), left[:, :50] * singular[:50]]
    means = np.stack([np.bincount(group, weights=c) / sizes for c in components.T], axis=1)
    scale = np.sqrt(sizes)[:, None]  # weighted least squares: bigger groups, surer shares
    ridge = np.eye(components.shape[1]) * 1.0
    ridge[0, 0] = 0.0
    coefficients = np.linalg.solve(
        (means * scale).T @ (means * scale) + ridge, (means * scale).T @ (published * scale[:, 0])
    )
    return group, published[group], components @ coefficients


def within_group_auc(score: np.ndarray, women: np.ndarray, group: np.ndarray) -> float:
    """AUC over pairs of a woman and a man of the same group: what the encodings add to
    the aggregate, which cannot tell two records of one group apart (0.5: nothing)."""
    total = pairs = 0.0
    for members in np.split(np.argsort(group, kind="stable"), np.cumsum(np.bincount(group))[:-1]):
        positives = int(women[members].sum())
        negatives = len(members) - positives
        if positives and negatives:
            total += auc(score[members], women[members]) * positives * negatives
            pairs += positives * negatives
    return total / pairs


def probe_auc(bits: np.ndarray, women: np.ndarray, seed: int = 0) -> float:
    order = np.random.default_rng(seed).permutation(len(women))
    train, test = order[: len(order) // 2], order[len(order) // 2 :]
    values = bits.astype(np.float64)
    values -= values[train].mean(0)
    target = women[train] - women[train].mean()
    gram = values[train].T @ values[train] + 50 * np.eye(values.shape[1])
    weights = np.linalg.solve(gram, values[train].T @ target)
    return auc(values[test] @ weights, women[test].astype(bool))


def measure(schema: EncodingSchema, rows: list[dict[str, str]], women: np.ndarray) -> dict:
    start = time.process_time()
    bits = np.unpackbits(RecordEncoder(SECRET, schema).encode(rows), axis=1)
    share = float(women.mean())
    posterior = correlation_attack(bits, share)
    guessed = np.zeros(len(women), dtype=bool)
    guessed[np.argsort(-posterior, kind="stable")[: round(share * len(women))]] = True
    group, aggregate, predicted = label_proportion_attack(bits, women, rows)
    return {
        "schema": schema.version,
        "records": len(rows),
        "share_women": round(share, 3),
        "base_rate": round(max(share, 1 - share), 3),
        "attack_accuracy": round(float((guessed == women).mean()), 3),
        "attack_auc": round(auc(posterior, women), 3),
        "aggregates_alone_accuracy": round(float(((aggregate > 0.5) == women).mean()), 3),
        "aggregates_alone_auc": round(auc(aggregate, women), 3),
        "encodings_auc": round(auc(predicted, women), 3),
        "encodings_within_group_auc": round(within_group_auc(predicted, women, group), 3),
        "probe_auc": round(probe_auc(bits, women.astype(float)), 3),
        "cpu_s": round(time.process_time() - start, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--population", type=int, default=12000)
    parser.add_argument("--seed", type=int, default=5)
    options = parser.parse_args()
    lists = generate_lists(SyntheticListSettings(population=options.population, seed=options.seed))
    # One partner's list (the largest), records whose sex is filled in.
    rows = [row for row in lists.records["politie"] if row["sex"]]
    women = np.array([row["sex"] == "V" for row in rows])
    print(
        "| schema | records | share of women | base rate | correlation attack: accuracy "
        "| AUC | aggregates alone: accuracy | AUC | from encodings: AUC | AUC within groups "
        "| probe AUC (upper bound) | CPU s |"
    )
    print("|---" * 12 + "|")
    # Version 2 also with the last bigram of every name part salted (measured, not adopted).
    salted_endings = replace(DEFAULT_SCHEMA, name_ending=NameEnding.SALTED_WITH_WORD)
    for label, schema in (
        (SCHEMA_V1.version, SCHEMA_V1),
        (DEFAULT_SCHEMA.version, DEFAULT_SCHEMA),
        (f"{DEFAULT_SCHEMA.version} + salted endings", salted_endings),
    ):
        result = measure(schema, rows, women) | {"schema": label}
        print("| " + " | ".join(str(value) for value in result.values()) + " |", flush=True)


if __name__ == "__main__":
    main()
