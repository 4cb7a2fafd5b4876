#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 (Django 6 needs it), or explains what to install.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
candidates=(python3.14 python3.13 python3.12 python3)
for c in "${candidates[@]}"; do
  p=$(command -v "$c" 2>/dev/null) || continue
  if ok "$p"; then echo "$p"; exit 0; fi
done
# pyenv keeps versions that are not on PATH
root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for p in $(ls -d "$root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do
  if ok "$p"; then echo "$p"; exit 0; fi
done
echo "No Python >= 3.12 found. Install one, e.g. 'sudo apt-get install python3.12 python3.12-venv'" \
     "or 'pyenv install 3.13', and run make again." >&2
exit 1
