"""Compile src/govservice/locale/*/LC_MESSAGES/govservice.po into .mo (run by `make locales`).

Refuses to compile while a msgid marked in the source has no translation in a catalog.
"""

from __future__ import annotations

import sys

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
from locale_messages import DOMAIN, LOCALE_DIR, source_msgids


def main() -> int:
    wanted = source_msgids()
    failed = False
    for po_path in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        have = {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}
        missing = wanted - have
        untranslated = [m.id for m in catalog if m.id and not all(_strings(m.string))]
        for item in sorted(map(str, missing)):
            print(f"{po_path}: missing msgid {item}")
        for item in untranslated:
            print(f"{po_path}: untranslated msgid {item}")
        failed |= bool(missing or untranslated)
        with po_path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)
        print(f"compiled {po_path.with_suffix('.mo').relative_to(LOCALE_DIR.parent.parent.parent)}")
    return 1 if failed else 0


def _strings(value: object) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, tuple | list) else (str(value),)


if __name__ == "__main__":
    raise SystemExit(main())
