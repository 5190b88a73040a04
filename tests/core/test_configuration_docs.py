"""Every setting Zicht reads is documented in .env.example and docs/operations.md."""

from pathlib import Path

from zicht.config import SETTINGS

REPO = Path(__file__).resolve().parents[2]


def test_env_example_and_operations_doc_list_every_setting():
    example = (REPO / ".env.example").read_text(encoding="utf-8")
    operations = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"{setting.name}=" in example, setting.name
        assert f"`{setting.name}`" in operations, setting.name
