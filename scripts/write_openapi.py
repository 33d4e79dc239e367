"""Write docs/openapi.json: the OpenAPI 3.1 document the service serves at /openapi.json.

Run after changing an endpoint; tests/server/test_openapi.py fails while the two differ.

    python scripts/write_openapi.py
"""

from __future__ import annotations

import json
from pathlib import Path

from govservice.calendar import china
from govservice.matters import sample_catalog
from govservice.server import create_app

OUT = Path(__file__).resolve().parent.parent / "docs" / "openapi.json"


def document() -> dict[str, object]:
    app = create_app(calendar=china(), catalog=sample_catalog())
    schema: dict[str, object] = app.openapi_schema.to_schema()
    return schema


def main() -> None:
    text = json.dumps(document(), indent=2, ensure_ascii=False) + "\n"
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(text)} characters)")


if __name__ == "__main__":
    main()
