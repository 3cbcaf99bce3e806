"""A short, human summary of a browser's User-Agent header: « Firefox · Windows ».

Enough for a person to recognise their own devices in the list of their sessions, not a device
database: a few rules in order (Edge and Opera say "Chrome" too, Chrome says "Safari" too, every
browser on an iPhone is a WebKit that names itself apart), and "" when nothing is recognised.
No dependency: the rules of a full parser (ua-parser) would add two packages for one label."""

import re

# (label, pattern), the first that matches wins: the order matters.
BROWSERS: list[tuple[str, re.Pattern[str]]] = [
    ("Edge", re.compile(r"\bEdg(?:e|A|iOS)?/")),
    ("Opera", re.compile(r"\b(?:OPR|Opera|OPiOS)/")),
    ("Samsung Internet", re.compile(r"\bSamsungBrowser/")),
    ("Firefox", re.compile(r"\b(?:Firefox|FxiOS)/")),
    ("Chrome", re.compile(r"\b(?:Chrome|Chromium|CriOS)/")),
    ("Safari", re.compile(r"\bVersion/[\d.]+.*\bSafari/")),
]
SYSTEMS: list[tuple[str, re.Pattern[str]]] = [
    ("iOS", re.compile(r"\b(?:iPhone|iPad|iPod)\b")),
    ("Android", re.compile(r"\bAndroid\b")),
    ("ChromeOS", re.compile(r"\bCrOS\b")),
    ("Windows", re.compile(r"\bWindows\b")),
    ("macOS", re.compile(r"\bMac OS X\b|\bMacintosh\b")),
    ("Linux", re.compile(r"\bLinux\b")),
]


def summary(user_agent: str) -> str:
    """« Browser · System », either part alone when the other is unknown, or ""."""
    header = user_agent[:500]
    parts = [
        next((label for label, pattern in rules if pattern.search(header)), "")
        for rules in (BROWSERS, SYSTEMS)
    ]
    return " · ".join(part for part in parts if part)
