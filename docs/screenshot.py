"""docs/report.png: the demo's meeting report for 2026-10, in Chinese, as headless Chromium shows it at 1280x800.

    python docs/screenshot.py          (needs Chromium and the test extra's playwright)
"""
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "report.html"
        subprocess.run([sys.executable, "-m", "salesctl", "--records", "records", "--lang", "zh",
                        "report", "--month", "2026-10", "--html", str(page_file)], check=True, cwd=ROOT)
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=os.environ.get("SALESCTL_CHROMIUM") or shutil.which("chromium"),
                                  args=["--no-sandbox"])
            page = b.new_page(viewport={"width": 1280, "height": 800})
            page.goto(page_file.as_uri())
            page.screenshot(path=str(ROOT / "docs" / "report.png"))
            b.close()
    print("wrote docs/report.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
