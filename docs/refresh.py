"""Re-run the commands pasted in a doc and paste their output again.

A code block whose first line is `$ COMMAND` (and that holds no other `$ ` line) is run with
bash from the top of the checkout, and everything after that line is replaced by what it printed
(stdout and stderr, as a terminal shows them). Other blocks are left alone.

    python docs/refresh.py docs/scoring.md
"""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"^```\n(\$ [^\n]*)\n(.*?)^```$", re.S | re.M)


def refresh(text: str) -> str:
    def run(m):
        head, body = m.group(1), m.group(2)
        if "\n$ " in "\n" + body:
            return m.group(0)
        done = subprocess.run(["bash", "-c", head[2:] + " 2>&1"], cwd=ROOT, capture_output=True, text=True,
                              env={"COLUMNS": "200", "PATH": __import__("os").environ["PATH"]})
        return f"```\n{head}\n{done.stdout.rstrip()}\n```"

    return BLOCK.sub(run, text)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        p = Path(name)
        p.write_text(refresh(p.read_text(encoding="utf-8")), encoding="utf-8")
