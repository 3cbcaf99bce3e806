from django import template

from lien.directory.sheet import hours_lines

register = template.Library()


@register.filter
def hours_fr(text: str) -> list[str]:
    """``{% for line in structure.opening_hours|hours_fr %}``: the hours in plain French."""
    return hours_lines(text or "")


@register.filter
def km(distance: float | None) -> str:
    if distance is None:
        return ""
    return f"{distance:.1f} km".replace(".", ",") if distance < 10 else f"{round(distance)} km"


@register.filter
def needs_check(structure, today) -> bool:
    return structure.needs_verification(today)
