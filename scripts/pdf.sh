#!/usr/bin/env bash
# The PDF edition: _build/pdf/meekbook.pdf, built with XeLaTeX (Jupyter Book's pdflatex builder),
# then checked (scripts/check_pdf.py: page count, every chapter title and the ledger in the text).
# Debian's TeX Live is installed here, on first use only (~400 MB): the HTML book and the tests
# do not need it.
# Usage: bash scripts/pdf.sh          (reuses its own execution cache, _build/pdf-src, if present;
#                                       CLEAN=1 executes every notebook afresh)
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
# The PDF edition has its own build folder and execution cache: its kernels also emit every
# matplotlib figure as PDF (IPython's InlineBackend.figure_formats), and the LaTeX builder takes
# application/pdf before image/png -- vector figures in print, PNG in HTML and in the goldens.
out=_build/pdf-src
[ "${CLEAN:-0}" = "1" ] && rm -rf "$out/_build/.jupyter_cache"
mkdir -p "$out/ipython/profile_default"
cat > "$out/ipython/profile_default/ipython_kernel_config.py" <<'PY'
c.InlineBackend.figure_formats = {"png", "pdf"}  # noqa: F821 (IPython config object)
PY
export IPYTHONDIR="$(pwd)/$out/ipython"
# latexmk says "Nothing to do" after a failed run: always start LaTeX from scratch
rm -rf "$out/_build/latex" "$out/_build/.executing" _build/pdf
.venv/bin/python scripts/execute_book.py --build-dir "$out/_build"
.venv/bin/python scripts/run_jupyter_book.py build . --builder pdflatex -n --keep-going --path-output "$out" \
    > "$out/build.log" 2>&1 || {
  tail -40 "$out/build.log"; echo "[pdf] build failed; log: $out/build.log" >&2; exit 1; }
mkdir -p _build/pdf
cp "$out/_build/latex/meekbook.pdf" _build/pdf/meekbook.pdf
echo "[pdf] built in $(( $(date +%s) - start )) s"
.venv/bin/python scripts/check_pdf.py _build/pdf/meekbook.pdf --latex-log "$out/_build/latex/meekbook.log"
echo "[pdf] $(pwd)/_build/pdf/meekbook.pdf"
