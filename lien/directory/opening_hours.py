"""The common forms of the OpenStreetMap ``opening_hours`` syntax, which data·inclusion uses.

Directories write ``Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off``. This module reads
those forms (weekday ranges and lists, time spans, ``off``/``closed``, ``24/7``, public-holiday
rules, which it ignores) into a week of time spans; anything else (months, weeks, comments,
sunrise, overnight spans, fallbacks) is *unknown* (``None``), never guessed. The string itself
is always stored as written.
"""

import re
from functools import lru_cache

DAY_CODES = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
DAY_NAMES_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
FULL_DAY = 24 * 60

Interval = tuple[int, int]  # minutes since midnight, start < end <= 24:00
WeeklyHours = tuple[tuple[Interval, ...], ...]  # seven days, Monday first; () = closed

_DAY_SELECTOR = r"(?:Mo|Tu|We|Th|Fr|Sa|Su|PH|SH)"
_DAY_RANGE = re.compile(r"^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?$")
_SPAN = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
_ADDITIONAL_RULE = re.compile(rf"(?<=[0-9fd]),\s*(?={_DAY_SELECTOR}\b)")


def _normalise(text: str) -> str:
    text = re.sub(
        r"\b(mo|tu|we|th|fr|sa|su|ph|sh)\b",
        lambda m: m.group(1).upper() if m.group(1).lower() in {"ph", "sh"} else m.group(1).title(),
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(rf"({_DAY_SELECTOR})\s*([,-])\s*(?={_DAY_SELECTOR}\b)", r"\1\2", text)
    text = re.sub(r"(\d)\s*([,-])\s*(?=\d)", r"\1\2", text)
    return re.sub(r"\s+", " ", text).strip()


def _days(selector: str) -> list[int] | None:
    """Weekday indexes of ``Mo-Fr,Su``; ``[]`` for a holiday-only selector; None if not days."""
    days: list[int] = []
    for token in selector.split(","):
        if token in {"PH", "SH"}:
            continue
        match = _DAY_RANGE.match(token)
        if match is None:
            return None
        first = DAY_CODES.index(match.group(1))
        last = DAY_CODES.index(match.group(2) or match.group(1))
        span = range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
        days.extend(day for day in span if day not in days)
    return days


def _intervals(text: str) -> list[Interval] | None:
    intervals = []
    for part in text.split(","):
        match = _SPAN.match(part)
        if match is None:
            return None
        start_h, start_m, end_h, end_m = (int(group) for group in match.groups())
        start, end = start_h * 60 + start_m, end_h * 60 + end_m
        if start_m > 59 or end_m > 59 or start >= FULL_DAY or end > FULL_DAY or end <= start:
            return None
        intervals.append((start, end))
    return intervals


def _merge(intervals: list[Interval]) -> tuple[Interval, ...]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def normalise_week(week: list[list[Interval]]) -> WeeklyHours:
    """Seven lists of spans, sorted and merged where they touch."""
    return tuple(_merge(day) for day in week)


@lru_cache(maxsize=4096)
def parse_opening_hours(text: str | None) -> WeeklyHours | None:
    """The week described by ``text``, or None when it is empty or not one of the common forms."""
    text = _normalise(text or "")
    if not text or "||" in text or '"' in text:
        return None
    week: list[list[Interval]] = [[] for _ in range(7)]
    days: list[int] | None
    for rule in text.split(";"):
        for position, part in enumerate(_ADDITIONAL_RULE.split(rule.strip())):
            part = part.strip()
            if not part:
                continue
            if part == "24/7":
                days, intervals = list(range(7)), [(0, FULL_DAY)]
            else:
                head, _space, rest = part.partition(" ")
                days = _days(head)
                if days is None:
                    days, rest = list(range(7)), part
                elif not days:
                    continue  # public or school holidays: not a weekday
                if rest in {"off", "closed"}:
                    intervals = []
                elif rest in {"", "open"}:
                    intervals = [(0, FULL_DAY)]
                else:
                    found = _intervals(rest)
                    if found is None:
                        return None
                    intervals = found
            for day in days:
                # A rule replaces what earlier rules said of its days; an additional rule adds.
                week[day] = [*week[day], *intervals] if position else list(intervals)
    return normalise_week(week)


def _time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _runs(days: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for day in days:
        if runs and day == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def day_groups(hours: WeeklyHours) -> list[tuple[list[int], tuple[Interval, ...]]]:
    """Days sharing the same time spans, in the order of their first day; closed days left out."""
    groups: dict[tuple[Interval, ...], list[int]] = {}
    for day, intervals in enumerate(hours):
        if intervals:
            groups.setdefault(intervals, []).append(day)
    return [(days, intervals) for intervals, days in groups.items()]


def format_opening_hours(hours: WeeklyHours) -> str:
    """The canonical ``opening_hours`` string of a week (``parse`` gives the same week back)."""
    if all(day == ((0, FULL_DAY),) for day in hours):
        return "24/7"
    parts = []
    for days, intervals in day_groups(hours):
        selectors = []
        for first, last in _runs(days):
            if last - first >= 2:
                selectors.append(f"{DAY_CODES[first]}-{DAY_CODES[last]}")
            else:
                selectors.extend(DAY_CODES[day] for day in range(first, last + 1))
        spans = ",".join(f"{_time(start)}-{_time(end)}" for start, end in intervals)
        parts.append(f"{','.join(selectors)} {spans}")
    return "; ".join(parts) or "off"


def open_days(hours: WeeklyHours) -> str:
    """ISO numbers of the open days (``"12345"`` for Monday to Friday)."""
    return "".join(str(day + 1) for day, intervals in enumerate(hours) if intervals)


def _time_fr(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def _days_fr(days: list[int]) -> str:
    parts = []
    for first, last in _runs(days):
        if last - first >= 2:
            parts.append(f"du {DAY_NAMES_FR[first]} au {DAY_NAMES_FR[last]}")
        else:
            parts.extend(DAY_NAMES_FR[day] for day in range(first, last + 1))
    return ", ".join(parts[:-1]) + " et " + parts[-1] if len(parts) > 1 else parts[0]


def describe_fr(hours: WeeklyHours) -> list[str]:
    """The week in plain French, one line per group of days: ``du lundi au vendredi : de 9 h à 12 h``."""
    if all(day == ((0, FULL_DAY),) for day in hours):
        return ["tous les jours, 24 h sur 24"]
    lines = []
    for days, intervals in day_groups(hours):
        spans = " et ".join(
            "toute la journée" if (start, end) == (0, FULL_DAY) else f"de {_time_fr(start)} à {_time_fr(end)}"
            for start, end in intervals
        )
        text = _days_fr(days)
        lines.append(f"{text[0].upper()}{text[1:]} : {spans}")
    return lines or ["fermé"]
