"""Run the notebooks' fast cells and keep their outputs in the committed notebooks, so a reader on GitHub sees them.

    python tools/outputs.py                    # every notebook in nbs/
    python tools/outputs.py nbs/03_sde.ipynb   # some of them

Cells flagged `#| slow`, `#| cuda` or `#| notest` are not run and keep no output: their outputs would come from runs a
reader cannot repeat quickly, or from a GPU. The cells run as nbdev_test runs them (in nbs/, one notebook at a time);
then nbdev_clean strips the metadata, so `nbdev_clean` leaves the committed notebooks unchanged (tools/test.sh checks
it).
"""
import json, os, subprocess, sys
from pathlib import Path
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory
from nbdev.process import NBProcessor

ROOT = Path(__file__).resolve().parent.parent
SKIP = {'slow', 'cuda', 'notest'}


def skipped(cell) -> bool:
    "Whether nbdev_test would not run this cell (or it exports the library), so it keeps no output."
    if cell.cell_type != 'code' or 'nbdev_export(' in cell.source: return True
    directives = getattr(cell, 'directives_', {}) or {}
    return bool(SKIP & directives.keys()) or directives.get('eval:', [''])[0].lower() == 'false'


def keep_outputs(path: Path):
    "Run `path`'s fast cells and write their outputs into it (every other cell's outputs emptied)."
    nb = NBProcessor(path, process=True).nb
    with working_directory(path.parent): CaptureShell(path).run_all(nb, exc_stop=True, preproc=skipped)
    outputs = {c.id: (c.get('outputs', []) if not skipped(c) else []) for c in nb.cells if c.cell_type == 'code'}
    raw = json.loads(path.read_text())
    for cell in raw['cells']:
        if cell['cell_type'] == 'code': cell['outputs'] = [dict(o) for o in outputs.get(cell['id'], [])]
    path.write_text(json.dumps(raw, indent=1, ensure_ascii=False) + '\n')
    print(f"kept the outputs of {path.name}")


if __name__ == '__main__':
    os.environ.setdefault('OMP_NUM_THREADS', '1')
    paths = [Path(p).resolve() for p in sys.argv[1:]] or sorted((ROOT/'nbs').glob('[0-9]*.ipynb'))
    for path in paths: keep_outputs(path)
    subprocess.run(['nbdev_clean'], cwd=ROOT, check=True)
