"""Privacy-preserving record linkage (PPRL): count persons across partners without names.

Partner side::

    encode_csv(Path("personen.csv"), Path("enc.jsonl"), load_secret(Path("/secure/key")))

Zicht side::

    result = link_files([Path("politie.jsonl"), Path("zorg.jsonl")], progress=callback)
    result.overlap()          # capture histories for the MSE (one 0/1 column per source)
    result.unique_persons()   # unique persons per source, municipality and year
    result.quality            # likely false and missed links, as distributions
    result.threshold          # the threshold chosen from the data, and how

See docs/adr/0005-linkage-encoding.md and docs/methodology/linkage.md.
"""

from zicht.core.privacy.linkage.blocking import BlockingSettings
from zicht.core.privacy.linkage.encoder import RecordEncoder, SecretError, load_secret
from zicht.core.privacy.linkage.encoding_file import (
    EncodingFile,
    EncodingFileError,
    encode_csv,
    read_encoding_file,
)
from zicht.core.privacy.linkage.linker import (
    EncodedRecords,
    LinkageResult,
    LinkageSettings,
    link_encodings,
    link_files,
)
from zicht.core.privacy.linkage.persons_file import PersonsFileError
from zicht.core.privacy.linkage.quality import CountDistribution, LinkageQuality
from zicht.core.privacy.linkage.schema import (
    DEFAULT_SCHEMA,
    FEBRL_COLUMN_MAPPING,
    SCHEMA_VERSION,
    ColumnMapping,
    EncodingSchema,
    parse_column_mapping,
)
from zicht.core.privacy.linkage.threshold import ThresholdFit, ThresholdSettings

__all__ = [
    "DEFAULT_SCHEMA",
    "FEBRL_COLUMN_MAPPING",
    "SCHEMA_VERSION",
    "BlockingSettings",
    "ColumnMapping",
    "CountDistribution",
    "EncodedRecords",
    "EncodingFile",
    "EncodingFileError",
    "EncodingSchema",
    "LinkageQuality",
    "LinkageResult",
    "LinkageSettings",
    "PersonsFileError",
    "RecordEncoder",
    "SecretError",
    "ThresholdFit",
    "ThresholdSettings",
    "encode_csv",
    "link_encodings",
    "link_files",
    "load_secret",
    "parse_column_mapping",
    "read_encoding_file",
]
