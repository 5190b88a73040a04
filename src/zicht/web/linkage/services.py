"""Storing an uploaded encoding and starting runs: validated first, nothing half written."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from zicht import config
from zicht.core.privacy.linkage import EncodingFileError, read_encoding_file
from zicht.core.privacy.linkage.encoding_file import LinkageRefused, check_files_belong_together
from zicht.web.linkage.models import PartnerEncoding
from zicht.web.monitor.models import AnalysisRun, Partner
from zicht.web.monitor.runs import ad_analysis_enqueue, linkage_enqueue

#: An encoding line is about 600 bytes: this allows lists of about 400,000 persons.
MAX_ENCODING_BYTES = 256 * 1024 * 1024


class EncodingRefused(ValueError):
    """The upload is not a valid encoding of this partner; ``problems`` name lines, not values
    (Dutch; ``problems_en`` the same in English where they are written in English too)."""

    def __init__(self, problems: list[str], problems_en: list[str] | None = None) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems
        self.problems_en = problems_en


def _folder(*parts: str) -> Path:
    folder = Path(config.data_dir()).joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _receive(upload, target: Path) -> None:
    written = 0
    with target.open("wb") as out:
        for chunk in upload.chunks():
            written += len(chunk)
            if written > MAX_ENCODING_BYTES:
                raise EncodingRefused(
                    ["het bestand is groter dan 256 MB"], ["the file is larger than 256 MB"]
                )
            out.write(chunk)


def store_encoding(*, partner: Partner, year: int, upload, user) -> PartnerEncoding:
    """Validate the upload as an encoding file of ``partner`` and keep it for ``year``."""
    folder = _folder("encodings", str(year))
    partial = folder / f".{partner.code}.jsonl.partial"
    try:
        _receive(upload, partial)
        try:
            loaded = read_encoding_file(partial)
        except EncodingFileError as error:
            raise EncodingRefused(error.problems[:5]) from None
        if set(loaded.sources) != {partner.code}:
            raise EncodingRefused([f"de bron in het bestand moet '{partner.code}' zijn"])
        final = folder / f"{partner.code}.jsonl"
        with transaction.atomic():
            stored, _ = PartnerEncoding.objects.update_or_create(
                partner=partner,
                year=year,
                defaults={
                    "path": str(final),
                    "records": len(loaded.record_refs),
                    "schema_version": loaded.schema.version,
                    "key_check": loaded.key_check,
                    "uploaded_by": user,
                },
            )
            partial.replace(final)
        return stored
    finally:
        partial.unlink(missing_ok=True)


def start_linkage(year: int) -> AnalysisRun:
    """Queue linkage and estimate over every partner's encoding of ``year``; refuses a set
    that cannot be linked as one (fewer than two partners, other secrets or versions)."""
    encodings = list(PartnerEncoding.objects.filter(year=year).order_by("partner_id"))
    if len(encodings) < 2:
        raise EncodingRefused(
            ["er zijn versleutelde lijsten van minstens twee partners nodig"],
            ["encoded lists of at least two partners are needed"],
        )
    files = [read_encoding_file(Path(item.path)) for item in encodings]
    try:
        check_files_belong_together(files)
    except LinkageRefused as error:
        english = [error.message_en] if error.message_en else None
        raise EncodingRefused([error.message], english) from None
    return linkage_enqueue(encodings=[Path(item.path) for item in encodings], year=year)


def start_ad_analysis(*, year: int, upload) -> AnalysisRun:
    """Keep the uploaded ad corpus on the server and queue its analysis."""
    folder = _folder("ads", str(year))
    suffix = Path(upload.name or "").suffix.lower()
    suffix = suffix if suffix in (".csv", ".jsonl", ".json") else ".jsonl"
    target = folder / f"advertenties-{AnalysisRun.objects.count() + 1}{suffix}"
    _receive(upload, target)
    return ad_analysis_enqueue(corpus=target, year=year)
