#!/usr/bin/env bash
# The whole test suite, exactly what CI runs (.ci/run): set up, then
#   1. the library must be what nbdev_export makes of the notebooks,
#   2. the notebooks must be clean (nbdev_clean changes nothing),
#   2b. no line of the library, its tests or tools is longer than 120 characters,
#   2c. README.md must be what tools/readme.py makes of nbs/index.ipynb,
#   3. nbdev_test runs every notebook (with --flags cuda where CUDA is available),
#   4. pytest runs the integration tests in tests/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh dev

snapshot() {
    find trajrep nbs -type f \( -name '*.py' -o -name '*.ipynb' \) -not -path '*/.ipynb_checkpoints/*' -print0 |
        sort -z | xargs -0 sha256sum
}
unchanged_by() {  # run a command and fail if it changed any notebook or library file
  local before after; before=$(snapshot); "$@" >/dev/null; after=$(snapshot)
  if [ "$before" != "$after" ]; then
    echo "FAILED: '$*' changed these files; run it and commit the result:" >&2
    diff <(echo "$before") <(echo "$after") | sed -n 's/^> [0-9a-f]*  /  /p' >&2
    exit 1
  fi
  echo "ok: '$*' changes nothing"
}
unchanged_by nbdev_export
unchanged_by nbdev_clean
# no line over 120 characters (bytes, as awk counts them): a library line is wrapped in its notebook, then
# nbdev_export. The first line of __all__ is nbdev's (it wraps the names at 120, then puts '__all__ = ' before them),
# so it is left out, as is the generated _modidx.py.
long=$(LC_ALL=C awk 'length > 120 && !/^__all__ = \[/ {print FILENAME ":" FNR}' \
       $(ls trajrep/*.py | grep -v _modidx) tests/*.py tools/*.py tools/*.sh .ci/run)
if [ -n "$long" ]; then
  echo "FAILED: these lines are over 120 characters; wrap them (library lines in the notebooks, then nbdev_export):" >&2
  echo "$long" | sed 's/^/  /' >&2
  exit 1
fi
echo "ok: no line of the library, tests or tools is longer than 120 characters"
python tools/readme.py --check

flags=()
python -c "import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)" && flags=(--flags cuda)
# nbdev_test runs one notebook per core at once; one thread per notebook keeps them from fighting over the cores
# (two notebooks with two torch threads each on two cores ran several times slower than one after the other).
echo "nbdev_test ${flags[*]:-}"
OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 nbdev_test "${flags[@]}"
python -m pytest tests -q
