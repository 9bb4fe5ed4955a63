#!/usr/bin/env bash
# Installs trajrep into the current Python environment: `bash tools/setup.sh` (library) or `bash tools/setup.sh dev`
# (library + notebooks + tests). Where no torch is importable it installs torch==2.13.0 first, so that pip does not
# pull the newest multi-GB CUDA build onto a machine that has no GPU; a torch you already have is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip --version >/dev/null 2>&1 ||
    { echo "setup: no pip for '$(command -v python)'; install Python 3.10+ with pip." >&2; exit 1; }
python -c "import torch" >/dev/null 2>&1 || python -m pip install -q "torch==2.13.0"
extra=""; [ "${1:-}" = "dev" ] && extra="[dev]"
python -m pip install -q -e ".${extra}"
