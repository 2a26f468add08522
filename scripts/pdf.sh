#!/usr/bin/env bash
# The PDF edition: _build/pdf/meekbook.pdf, built with XeLaTeX (Jupyter Book's pdflatex builder),
# then checked (scripts/check_pdf.py: page count, every chapter title and the ledger in the text).
# Debian's TeX Live is installed here, on first use only (~400 MB): the HTML book and the tests
# do not need it.
# Usage: bash scripts/pdf.sh    (as scripts/build.sh: stale goldens are executed again first,
#                                then the book is built from the goldens, in _build/pdf-src)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

tex_packages=(texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended texlive-xetex
              latexmk tex-gyre fonts-freefont-otf poppler-utils)
missing=()
for pkg in "${tex_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "[pdf] installing Debian packages (first PDF only): ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

export PYDEVD_DISABLE_FILE_VALIDATION=1
start=$(date +%s)
out=_build/pdf-src
# latexmk says "Nothing to do" after a failed run: always start LaTeX from scratch
rm -rf "$out/_build/latex" _build/pdf
.venv/bin/python scripts/sync_notebooks.py --stale --jobs 2
.venv/bin/jupyter-book build . --builder pdflatex -n --keep-going --path-output "$out" \
    > "$out.log" 2>&1 || {
  tail -40 "$out.log"; echo "[pdf] build failed; log: $out.log" >&2; exit 1; }
mkdir -p _build/pdf
cp "$out/_build/latex/meekbook.pdf" _build/pdf/meekbook.pdf
echo "[pdf] built in $(( $(date +%s) - start )) s"
.venv/bin/python scripts/check_pdf.py _build/pdf/meekbook.pdf --latex-log "$out/_build/latex/meekbook.log"
echo "[pdf] $(pwd)/_build/pdf/meekbook.pdf"
