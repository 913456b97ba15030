"""Print the pip pins listed in environment.yml, one per line (for `pip install -r`).

python scripts/pins.py environment.yml > pins.txt
"""

from __future__ import annotations

import re
import sys
from pathlib import Path


def pins(text: str) -> list[str]:
    """The entries of the ``- pip:`` list in an environment file.

    >>> pins("dependencies:\\n  - python=3.11\\n  - pip:\\n      - altair==6.3.0\\n")
    ['altair==6.3.0']
    """
    found, inside = [], False
    for line in text.splitlines():
        if re.match(r"^\s*-\s*pip:\s*$", line):
            inside = True
            continue
        entry = re.match(r"^\s{4,}-\s*(\S+)", line)
        if inside and entry:
            found.append(entry.group(1))
        elif inside and line.strip() and not line.lstrip().startswith("#"):
            inside = False
    return found


if __name__ == "__main__":
    print("\n".join(pins(Path(sys.argv[1]).read_text(encoding="utf-8"))))
