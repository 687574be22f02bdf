#!/usr/bin/env bash
# Set up playbook on Debian or Ubuntu: the system packages it uses, then .venv with playbook, its test
# tools and its second site engine (Zensical). Installs the packages with apt-get when it can (as root,
# or with sudo that needs no password); otherwise it says exactly what to install, and everything else
# still works: the PDF uses stand-in fonts (the build warns) and tests needing a missing part skip, naming it.
#
#   ./setup.sh               install what is missing, then make .venv
#   ./setup.sh --no-system   only say what is missing, then make .venv
set -euo pipefail
cd "$(dirname "$0")"

install_system=1
for arg in "$@"; do
  case "$arg" in
    --no-system) install_system=0 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

# Each package and how to tell it is really there (a file masked or removed counts as missing).
runnable() { local found; found=$(command -v "$1" 2>/dev/null) && [ -f "$found" ] && [ -x "$found" ]; }
has_font() { runnable fc-list && [ -n "$(fc-list ":family=$1" family 2>/dev/null)" ]; }
has_lib() { [ -n "$(find /usr/lib /lib -name "$1" -size +1k 2>/dev/null | head -n 1)" ]; }
present() {
  case "$1" in
    chromium) runnable chromium ;;
    poppler-utils) runnable pdftoppm ;;
    fonts-noto-core) has_font "Noto Sans" && has_font "Noto Serif" ;;
    fonts-dejavu-core) has_font "DejaVu Sans Mono" ;;
    libpango-1.0-0) has_lib 'libpango-1.0.so.0*' ;;
    libpangoft2-1.0-0) has_lib 'libpangoft2-1.0.so.0*' ;;
    libharfbuzz-subset0) has_lib 'libharfbuzz-subset.so.0*' ;;
  esac
}
# What each is for: Chromium for the browser tests, poppler for looking at PDF pages, the fonts the
# PDF is laid out in, and the Pango / HarfBuzz libraries WeasyPrint loads.
PACKAGES=(chromium poppler-utils fonts-noto-core fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)

missing=()
for package in "${PACKAGES[@]}"; do present "$package" || missing+=("$package"); done

if [ ${#missing[@]} -gt 0 ] && [ "$install_system" = 1 ] && command -v apt-get >/dev/null; then
  as_root=()
  [ "$(id -u)" = 0 ] || as_root=(sudo -n)
  if [ "$(id -u)" = 0 ] || sudo -n true 2>/dev/null; then
    echo "setup.sh: installing ${missing[*]}"
    "${as_root[@]}" apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    still=()
    for package in "${missing[@]}"; do present "$package" || still+=("$package"); done
    missing=("${still[@]+"${still[@]}"}")
  fi
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup.sh: not installed: ${missing[*]}" >&2
  echo "  install them with: sudo apt-get install ${missing[*]}" >&2
  echo "  (until then the PDF may use stand-in fonts and the tests that need them are skipped)" >&2
fi

if [ ! -x .venv/bin/python ]; then
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "setup.sh: playbook needs Python 3.11 or newer" >&2; exit 1; }
  python3 -m venv .venv
fi
# The distribution is named match-playbook ("playbook" on the package index is another project): a .venv made
# when it was named playbook still holds that one, which would own the same command.
.venv/bin/pip uninstall -q -y playbook >/dev/null 2>&1 || true
.venv/bin/pip install -q -e '.[test,zensical]'
# An editable install leaves playbook's own modules as source: compile them now, or a machine where Python may
# not write bytecode (PYTHONDONTWRITEBYTECODE) compiles them again at every command (about 0.15 s a start).
.venv/bin/python -m compileall -q playbook  # quiet but for errors, which stop setup with their file and line
echo "setup.sh: ready; .venv/bin/playbook --help lists the commands"
