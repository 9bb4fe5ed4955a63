"""Open a run folder's report.html in headless Chromium (offline, a file:// page) and check what a reader sees.

    apt-get install chromium          # the Debian package; once
    python tools/browser_check.py runs/shapes/seed_0

Chromium prints the page's DOM after loading it (--dump-dom); every <img> of the report must carry its figure inside
the page (a data: URI, so it shows without network and without the files beside it), and each figure's PNG must
decode. A screenshot of the whole page is written beside the report (report_screenshot.png) to look at.
"""
import base64, io, re, shutil, subprocess, sys
from pathlib import Path
from PIL import Image


def chromium() -> str:
    for name in ('chromium', 'chromium-browser', 'google-chrome'):
        if shutil.which(name): return shutil.which(name)
    sys.exit("No Chromium found: install it with `apt-get install chromium` (Debian) and run this again.")


def headless(*args) -> subprocess.CompletedProcess:
    return subprocess.run([chromium(), '--headless', '--no-sandbox', '--disable-gpu', '--allow-file-access-from-files',
                           *args], capture_output=True, text=True, timeout=120)


def main(run: Path):
    page = (run/'report.html').resolve()
    if not page.exists(): sys.exit(f"{run} has no report.html: run `trajrep report {run}` first.")
    dom = headless('--dump-dom', page.as_uri()).stdout
    images = re.findall(r'<img[^>]*src="([^"]*)"', dom)
    if not images: sys.exit(f"FAILED: Chromium found no figure in {page}.")
    outside = [src[:60] for src in images if not src.startswith('data:image/png;base64,')]
    if outside: sys.exit(f"FAILED: {len(outside)} figures are not inside the page: {outside}")
    sizes = [Image.open(io.BytesIO(base64.b64decode(src.split(',', 1)[1]))).size for src in images]
    shot = run/'report_screenshot.png'
    headless('--window-size=1100,9000', f'--screenshot={shot.resolve()}', page.as_uri())
    print(f"ok: Chromium shows {len(images)} figures in {page}, every one inside the page and a valid PNG "
          f"(smallest {min(sizes)}, largest {max(sizes)}); screenshot {shot}")


if __name__ == '__main__':
    main(Path(sys.argv[1] if len(sys.argv) > 1 else 'runs/shapes'))
