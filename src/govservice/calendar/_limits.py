"""TimeLimit: the time limit of a matter or a case, and how service guides write it."""

from __future__ import annotations

import decimal
import enum
import math
import re
import unicodedata

import attrs

from govservice._errors import InvalidValueError, TimeLimitParseError
from govservice._validators import of_type

__all__ = ["MAX_DAYS", "MAX_HOURS", "LimitUnit", "TimeLimit", "parse_chinese_number"]

#: The longest limit in days (natural or working): 36,600, about a century.
MAX_DAYS = 36_600
#: The longest limit in office hours: 100,000, about half a century of office days.
MAX_HOURS = 100_000


class LimitUnit(enum.Enum):
    """What a time limit counts.

    Examples:
        >>> LimitUnit("working_days")
        <LimitUnit.WORKING_DAYS: 'working_days'>
    """

    #: 工作日: working days of the official calendar (Administrative Licensing Law art. 82).
    WORKING_DAYS = "working_days"
    #: 自然日 / 天: calendar days; a last day that is not a working day rolls forward
    #: (Civil Code art. 203).
    NATURAL_DAYS = "natural_days"
    #: 工作小时: office hours ("four certificates within 1.5 hours").
    WORKING_HOURS = "working_hours"
    #: 即办: done on the spot, on the day of acceptance (即办件, immediate case).
    IMMEDIATE = "immediate"


@attrs.frozen(eq=True)
class TimeLimit:
    """A time limit for handling a case, such as "20 working days" (20个工作日).

    Build one with a named constructor, or read a service guide's text with `parse`.
    Limits of one unit compare by amount, and an immediate limit is shorter than any other;
    limits in different day units cannot be compared without a calendar (``TypeError``).

    Amounts are bounded (`MAX_DAYS` days, `MAX_HOURS` hours: about a century), so that
    nonsense such as ``working_hours(1e300)`` is refused here rather than overflowing in a
    deadline later.

    Args:
        amount: How many units: an integer from 1 to `MAX_DAYS` for days, a number above 0
            and at most `MAX_HOURS` for hours, 0 for an immediate limit.
        unit: What is counted.

    Examples:
        >>> TimeLimit.working_days(20)
        TimeLimit(amount=20, unit=<LimitUnit.WORKING_DAYS: 'working_days'>)
        >>> TimeLimit.parse("20个工作日") == TimeLimit.working_days(20)
        True
        >>> TimeLimit.working_days(5) < TimeLimit.working_days(20)
        True
        >>> TimeLimit.immediate() <= TimeLimit.natural_days(3)
        True
        >>> TimeLimit.working_hours(1e300)
        Traceback (most recent call last):
        ...
        govservice.InvalidValueError: amount must be a number of hours > 0 and <= 100000, got 1e+300
    """

    amount: int | float
    unit: LimitUnit = attrs.field(validator=of_type(LimitUnit))

    def __attrs_post_init__(self) -> None:
        amount = self.amount
        if self.unit is LimitUnit.IMMEDIATE:
            if amount != 0 or isinstance(amount, bool):
                raise InvalidValueError("amount", amount, "0 for an immediate limit")
        elif self.unit is LimitUnit.WORKING_HOURS:
            if (
                isinstance(amount, bool)
                or not isinstance(amount, int | float)
                or (isinstance(amount, float) and not math.isfinite(amount))
                or amount <= 0
                or amount > MAX_HOURS
            ):
                raise InvalidValueError(
                    "amount", amount, f"a number of hours > 0 and <= {MAX_HOURS}"
                )
        elif isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
            hint = " (use TimeLimit.immediate() for 即办)" if amount == 0 else ""
            raise InvalidValueError("amount", amount, f"an integer >= 1{hint}")
        elif amount > MAX_DAYS:
            raise InvalidValueError("amount", amount, f"an integer of days <= {MAX_DAYS}")

    @classmethod
    def working_days(cls, n: int) -> TimeLimit:
        """The limit of ``n`` working days (n个工作日).

        Examples:
            >>> TimeLimit.working_days(10).amount
            10
        """
        return cls(n, LimitUnit.WORKING_DAYS)

    @classmethod
    def natural_days(cls, n: int) -> TimeLimit:
        """The limit of ``n`` calendar days (n天, n个自然日).

        Examples:
            >>> TimeLimit.natural_days(3).unit.value
            'natural_days'
        """
        return cls(n, LimitUnit.NATURAL_DAYS)

    @classmethod
    def working_hours(cls, hours: float) -> TimeLimit:
        """The limit of ``hours`` office hours (n小时).

        Examples:
            >>> TimeLimit.working_hours(1.5).amount
            1.5
        """
        return cls(hours, LimitUnit.WORKING_HOURS)

    @classmethod
    def immediate(cls) -> TimeLimit:
        """The immediate limit (即办): done on the day of acceptance.

        Examples:
            >>> TimeLimit.immediate().unit.value
            'immediate'
        """
        return cls(0, LimitUnit.IMMEDIATE)

    @classmethod
    def parse(cls, text: str) -> TimeLimit:
        """Read a time limit as service guides write it.

        Accepts "20个工作日", "二十个工作日", "20 working days", "即办", "当场办结", "3天",
        "3个自然日", "2小时", "1.5 hours", with or without a trailing "内"; full-width digits too.
        A bare "20日" is refused as ambiguous: the Administrative Licensing Law (art. 82)
        reads its 日 as working days, service guides often mean calendar days.

        Raises:
            TimeLimitParseError: For anything else, naming the text and the accepted forms.

        Examples:
            >>> TimeLimit.parse("3天")
            TimeLimit(amount=3, unit=<LimitUnit.NATURAL_DAYS: 'natural_days'>)
            >>> TimeLimit.parse("当场办结").unit.value
            'immediate'
            >>> TimeLimit.parse("2小时").amount
            2
        """
        if not isinstance(text, str):
            raise TimeLimitParseError("text", text, _FORMS)
        norm = unicodedata.normalize("NFKC", text).strip().lower()
        norm = re.sub(r"\s+", " ", norm)
        norm = re.sub(r"(?<=\d),(?=\d{3})", "", norm)  # 1,200 -> 1200
        norm = norm.translate(_TRADITIONAL)
        norm = re.sub(r"(以内|之内|内)$", "", norm).strip()
        if norm in _IMMEDIATE_WORDS:
            return cls.immediate()
        match = _PATTERN.fullmatch(norm)
        if match is None:
            raise TimeLimitParseError("text", text, _FORMS)
        number, unit_text = match.group("number"), match.group("unit").strip()
        unit = _UNIT_WORDS.get(unit_text)
        if unit is None:
            expected = _FORMS
            if unit_text in {"日", "个日"}:
                expected = (
                    "unambiguous: write '个工作日' (working days) or '天' / '个自然日' "
                    "(calendar days)"
                )
            raise TimeLimitParseError("text", text, expected)
        exact = _number(number, text)
        amount: int | float
        if exact == exact.to_integral_value():
            amount = int(exact)
            if amount == 0 and unit is not LimitUnit.WORKING_HOURS:
                return cls.immediate()
        elif unit is not LimitUnit.WORKING_HOURS:
            raise TimeLimitParseError("text", text, "a whole number of days")
        else:
            amount = float(exact)
        try:
            return cls(amount, unit)
        except InvalidValueError as exc:
            raise TimeLimitParseError("text", text, exc.expected) from None

    def extended(self, amount: int | float) -> TimeLimit:
        """This limit lengthened by ``amount`` of its own unit.

        Examples:
            >>> TimeLimit.working_days(20).extended(10)
            TimeLimit(amount=30, unit=<LimitUnit.WORKING_DAYS: 'working_days'>)
        """
        if self.unit is LimitUnit.IMMEDIATE:
            raise InvalidValueError("limit", self, "a limit in days or hours to extend")
        return TimeLimit(self.amount + amount, self.unit)

    def _cmp(self, other: object) -> tuple[tuple[bool, float], tuple[bool, float]] | None:
        if not isinstance(other, TimeLimit):
            return None
        immediate = LimitUnit.IMMEDIATE
        if self.unit is not other.unit and immediate not in (self.unit, other.unit):
            raise TypeError(
                f"cannot compare {self.unit.value} with {other.unit.value} without a calendar"
            )
        return (self.unit is not immediate, self.amount), (
            other.unit is not immediate,
            other.amount,
        )

    def __lt__(self, other: object) -> bool:
        pair = self._cmp(other)
        return NotImplemented if pair is None else pair[0] < pair[1]

    def __le__(self, other: object) -> bool:
        pair = self._cmp(other)
        return NotImplemented if pair is None else pair[0] <= pair[1]

    def __gt__(self, other: object) -> bool:
        pair = self._cmp(other)
        return NotImplemented if pair is None else pair[0] > pair[1]

    def __ge__(self, other: object) -> bool:
        pair = self._cmp(other)
        return NotImplemented if pair is None else pair[0] >= pair[1]

    def __str__(self) -> str:
        from govservice.calendar._l10n import format_limit

        return format_limit(self, "en")


_FORMS = "a time limit such as '20个工作日', '20 working days', '即办', '当场办结', '3天', '2小时'"
# Traditional characters of the unit words, so zh_TW text ("20個工作日", "即辦") reads too.
_TRADITIONAL = str.maketrans("個時辦當場結內來曆兩", "个时办当场结内来历两")
_IMMEDIATE_WORDS = {
    "即办",
    "即办件",
    "即时办结",
    "立即办结",
    "即来即办",
    "当场",
    "当场办结",
    "当场办理",
    "当日办结",
    "immediate",
    "immediately",
    "on the spot",
}
_UNIT_WORDS = {
    "个工作日": LimitUnit.WORKING_DAYS,
    "工作日": LimitUnit.WORKING_DAYS,
    "working days": LimitUnit.WORKING_DAYS,
    "working day": LimitUnit.WORKING_DAYS,
    "天": LimitUnit.NATURAL_DAYS,
    "个自然日": LimitUnit.NATURAL_DAYS,
    "自然日": LimitUnit.NATURAL_DAYS,
    "个日历日": LimitUnit.NATURAL_DAYS,
    "日历日": LimitUnit.NATURAL_DAYS,
    "days": LimitUnit.NATURAL_DAYS,
    "day": LimitUnit.NATURAL_DAYS,
    "natural days": LimitUnit.NATURAL_DAYS,
    "calendar days": LimitUnit.NATURAL_DAYS,
    "calendar day": LimitUnit.NATURAL_DAYS,
    "natural day": LimitUnit.NATURAL_DAYS,
    "小时": LimitUnit.WORKING_HOURS,
    "个小时": LimitUnit.WORKING_HOURS,
    "个工作小时": LimitUnit.WORKING_HOURS,
    "工作小时": LimitUnit.WORKING_HOURS,
    "hours": LimitUnit.WORKING_HOURS,
    "hour": LimitUnit.WORKING_HOURS,
    "working hours": LimitUnit.WORKING_HOURS,
    "working hour": LimitUnit.WORKING_HOURS,
    "h": LimitUnit.WORKING_HOURS,
}
_PATTERN = re.compile(
    r"(?P<number>[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百]+)\s*(?P<unit>.+)"
)
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}  # fmt: skip


_CHINESE_NUMBER = re.compile(
    r"[零〇一二两三四五六七八九]"
    r"|[二三四五六七八九]?十[一二三四五六七八九]?"
    r"|[一二两三四五六七八九]百(?:零[一二三四五六七八九]|[一二三四五六七八九]十[一二三四五六七八九]?)?"
)


def parse_chinese_number(text: str) -> int:
    """An integer from 0 to 999 written in Chinese numerals ("二十", "一百零五").

    Only well-formed numerals: "二三" or "十十" are refused, and so is the colloquial "五百五".

    Examples:
        >>> [parse_chinese_number(t) for t in ("十", "二十", "四十五", "一百零五", "两")]
        [10, 20, 45, 105, 2]
    """
    if not _CHINESE_NUMBER.fullmatch(text):
        raise InvalidValueError("text", text, "Chinese numerals such as 二十 or 一百零五")
    total, current = 0, 0
    for char in text:
        if char in _DIGITS:
            current = _DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            raise InvalidValueError("text", text, "Chinese numerals")
    return total + current


def _number(text: str, original: str) -> decimal.Decimal:
    """The exact number written (never rounded through a float), at most 12 characters."""
    if len(text) > 12:
        raise TimeLimitParseError("text", original, "a number of at most 12 digits")
    if text[0].isdigit():
        return decimal.Decimal(text)
    try:
        return decimal.Decimal(parse_chinese_number(text))
    except InvalidValueError:
        raise TimeLimitParseError("text", original, _FORMS) from None
