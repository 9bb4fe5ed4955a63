"""README.md is made from nbs/index.ipynb with nbconvert's Markdown exporter.

    python tools/readme.py           # write README.md
    python tools/readme.py --check   # exit 1 if README.md is not what the notebook makes (tools/test.sh runs this)
"""
import sys
from pathlib import Path
from nbconvert import MarkdownExporter

ROOT = Path(__file__).resolve().parent.parent
NOTICE = ('<!-- Made from nbs/index.ipynb by tools/readme.py: edit the notebook, then run `python tools/readme.py`. -->'
          '\n\n')


def readme() -> str:
    "The README's text: the notebook's Markdown, with image paths made relative to the repository root."
    body, _ = MarkdownExporter().from_filename(str(ROOT/'nbs'/'index.ipynb'))
    return NOTICE + body.replace('](images/', '](nbs/images/').strip() + '\n'


if __name__ == '__main__':
    text, path = readme(), ROOT/'README.md'
    if '--check' in sys.argv[1:]:
        if not path.exists() or path.read_text() != text:
            sys.exit("README.md is stale: it is made from nbs/index.ipynb; run `python tools/readme.py` "
                     "and commit both.")
        print("ok: README.md is what nbs/index.ipynb makes")
    else:
        path.write_text(text)
        print(f"wrote {path}")
