#!/usr/bin/env bash
# Install everything the archive and its tests need, from the project's own files:
# Debian's chromium (browser tests) and tesseract-ocr with its English data (OCR of scans; the DejaVu font draws
# the test scans), a virtual environment in .venv, the package with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if { [ ! -x /usr/bin/tesseract ] || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ]; } && command -v apt-get >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-eng fonts-dejavu-core >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
