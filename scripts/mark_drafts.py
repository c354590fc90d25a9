"""Mark every document of a content folder as a draft: the template is not approved by anyone yet.

    python scripts/mark_drafts.py [CONTENT_DIR]    (default: content/ beside this script's folder)

Touches only two front-matter lines of each document, `status:` and `approved_by:`, and nothing else
(bodies, values and comments stay byte for byte), so it can be re-run after any merge. A document
already carrying an approval record is left alone: that approval was given by someone.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

STATUS = re.compile(r"^status:[ \t]*approved[ \t]*(#.*)?$")
APPROVED_BY = re.compile(r"^approved_by:.*$")


def mark(text: str) -> str:
    """The document text with `status: draft` and an empty `approved_by`, front matter only."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return text
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None or any(line.startswith("approval:") for line in lines[1:end]):
        return text
    for i in range(1, end):
        newline = lines[i][len(lines[i].rstrip("\r\n")) :]
        if STATUS.match(lines[i].rstrip("\r\n")):
            lines[i] = "status: draft" + newline
        elif APPROVED_BY.match(lines[i].rstrip("\r\n")):
            lines[i] = 'approved_by: ""' + newline
    return "".join(lines)


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "content"
    changed = 0
    for path in sorted(root.rglob("*.md")):
        relative = path.relative_to(root)
        if path.name.lower() == "readme.md" or "history" in relative.parts[:-1]:
            continue
        text = path.read_bytes().decode("utf-8")  # bytes: line endings stay as they are
        new = mark(text)
        if new != text:
            path.write_bytes(new.encode("utf-8"))
            changed += 1
    print(f"{changed} document(s) marked draft in {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
