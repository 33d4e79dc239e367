"""The matters subpackage's one cattrs converter, and turning its failures into CatalogProblems."""

from __future__ import annotations

import decimal
import enum
from typing import Any

import cattrs
import cattrs.gen

from govservice._errors import InvalidValueError
from govservice._serde import problems_of
from govservice.calendar import LimitUnit, TimeLimit
from govservice.calendar import make_converter as make_calendar_converter

__all__ = ["make_converter", "problems_of"]


def _limit(value: object, _type: object) -> TimeLimit:
    """A limit from ``{"amount": 20, "unit": "working_days"}`` or a service guide's "20个工作日"."""
    if isinstance(value, str):
        return TimeLimit.parse(value)
    if isinstance(value, dict) and set(value) == {"amount", "unit"}:
        amount, unit = value["amount"], value["unit"]
        if isinstance(amount, bool) or not isinstance(amount, int | float):
            raise InvalidValueError("amount", amount, "a number")
        try:
            kind = LimitUnit(unit)
        except (ValueError, TypeError):
            raise InvalidValueError(
                "unit", unit, "one of " + ", ".join(u.value for u in LimitUnit)
            ) from None
        return TimeLimit(amount, kind)  # a NaN or negative amount is named as the amount
    raise InvalidValueError(
        "value", value, "a limit like '20个工作日' or {'amount': 20, 'unit': 'working_days'}"
    )


def _decimal(value: object, _type: object) -> decimal.Decimal:
    if isinstance(value, int | str) and not isinstance(value, bool):
        try:
            return decimal.Decimal(value)
        except decimal.InvalidOperation:
            pass
    raise InvalidValueError("amount", value, "a decimal amount as a string, such as '10.00'")


def _matter_type(value: object, _type: object) -> Any:
    from govservice.matters._model import MatterType

    if isinstance(value, str) and value.isdigit() and len(value) == 1:
        value = value.zfill(2)  # a spreadsheet dropped the leading zero of "01"
    try:
        return MatterType(value)
    except ValueError:
        raise InvalidValueError(
            "value", value, "a matter type code: " + ", ".join(t.value for t in MatterType)
        ) from None


def _enum_hook(kind: type[enum.Enum]) -> Any:
    def hook(value: object, _type: object) -> enum.Enum:
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(str(member.value) for member in kind)
            raise InvalidValueError("value", value, f"one of {allowed}") from None

    return hook


def make_converter() -> cattrs.Converter:
    """A new converter for matters and catalogues, on top of the calendar's.

    Limits are written as ``{"amount", "unit"}`` and read from that or from service-guide text;
    decimal amounts are strings, so no float ever stands for money.

    Examples:
        >>> from govservice.matters import Material, MaterialForm
        >>> make_converter().unstructure(Material("营业执照", MaterialForm.COPY))["form"]
        'copy'
    """
    conv = make_calendar_converter()
    from govservice.matters._model import Matter, MatterType

    conv.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum_hook
    )
    conv.register_structure_hook(TimeLimit, _limit)
    conv.register_structure_hook(MatterType, _matter_type)
    conv.register_structure_hook(decimal.Decimal, _decimal)
    conv.register_unstructure_hook(decimal.Decimal, str)
    # A matter without a shorter urgent limit is written as before the field existed, so
    # traces and catalogues written then still read back to the same canonical text.
    conv.register_unstructure_hook(
        Matter,
        cattrs.gen.make_dict_unstructure_fn(
            Matter, conv, urgent_limit=cattrs.gen.override(omit_if_default=True)
        ),
    )
    return conv


#: The library's own converter for matters and catalogues: private, built once, never changed
#: after (a hook a user registers on their own `make_converter()` cannot reach it).
converter = make_converter()
