"""Right-to-left text made inert in reports: what a document says can never reorder the report.

Arabic or Hebrew text is shown in its own direction inside its own cell (the HTML report gives
every text cell ``dir="auto"`` and isolates it). The danger is the invisible bidirectional
*controls* (embeddings, overrides and isolates, U+202A-U+202E and U+2066-U+2069): one left open
in a document would reverse the rest of a report's line (a CSV record, the next column of a
table) and could make a span read as another ("Trojan Source"). So every report closes them
where they were opened and shows them:

- CSV and XLSX: a text field whose controls are left open gets the closing marks (PDF, PDI) at
  its end, so nothing runs past the field (the text itself is unchanged before them);
- JSON: every control is written escaped (``\\u202e``): the strings read back are the texts as
  they were, and a person reading the file sees the escape;
- HTML: every control is shown as a visible mark (``[U+202E]``) and each text cell is isolated.
"""

from __future__ import annotations

import re

EMBEDDINGS = "\u202a\u202b\u202d\u202e"
"""LRE, RLE, LRO, RLO: closed by PDF (U+202C)."""
ISOLATES = "\u2066\u2067\u2068"
"""LRI, RLI, FSI: closed by PDI (U+2069)."""
CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def closed(text: str) -> str:
    """The text with the closing marks of the controls it leaves open appended (the same text
    when it has none)."""
    if not CONTROLS.search(text):
        return text
    stack: list[str] = []
    for ch in text:
        if ch in EMBEDDINGS or ch in ISOLATES:
            stack.append(ch)
        elif ch == "\u202c" and stack and stack[-1] in EMBEDDINGS:
            stack.pop()
        elif ch == "\u2069" and any(c in ISOLATES for c in stack):
            while stack.pop() not in ISOLATES:  # a PDI closes the embeddings inside it too
                pass
    return text + "".join("\u202c" if ch in EMBEDDINGS else "\u2069" for ch in reversed(stack))


def visible(text: str) -> str:
    """Each control shown as ``[U+XXXX]`` (for the HTML report)."""
    return CONTROLS.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def escaped(json_text: str) -> str:
    """JSON text with every control escaped (valid JSON that reads back the same)."""
    return CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)
