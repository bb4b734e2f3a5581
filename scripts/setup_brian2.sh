#!/usr/bin/env bash
# Creates .venv-brian2 with the Brian2 version the bench compares against (2.9.0 needs numpy<2).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv-brian2
.venv-brian2/bin/pip install --quiet --upgrade pip
.venv-brian2/bin/pip install --quiet brian2==2.9.0 "numpy<2"
.venv-brian2/bin/python -c "import brian2, numpy; print('brian2', brian2.__version__, 'numpy', numpy.__version__)"
