#!/usr/bin/env bash
# Vendors KERN (`@kern-ux/native`, EUPL-1.2) into assets/: its licence; its compiled
# stylesheet cut down to what the pages use (scripts/prune-css.py keeps every rule without a
# `kern-` class and those whose `kern-` classes all appear in src/web/pages/ or the script);
# and the two cuts of Fira Sans the pages use (Regular, SemiBold as bold), cut down to the
# characters they can show: Latin letters with their accents (names and places in forms),
# German quotes, dashes and the euro sign. Run it again after the pages use another KERN
# component, or to take a new version (name it in KERN_VERSION and in the README).
#
#   scripts/vendor-kern.sh     # needs npm and fonttools (`pip install fonttools brotli`)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
KERN_VERSION="${KERN_VERSION:-2.7.2}"
# Basic Latin, Latin-1, Latin Extended-A, general punctuation, the euro sign, arrows.
UNICODES="U+0020-007E,U+00A0-017F,U+2010-2027,U+2030-203A,U+20AC,U+2190-2193"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/onboard-kern.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "@kern-ux/native@$KERN_VERSION" >/dev/null && tar xzf ./*.tgz)
PACKAGE="$WORK/package"

mkdir -p assets/kern assets/fonts
scripts/prune-css.py "$PACKAGE/dist/kern.min.css" src/web/pages/*.rs assets/onboard.js \
  > assets/kern/kern.css
cp "$PACKAGE/LICENSE.md" assets/kern/LICENSE.md
echo "$KERN_VERSION" > assets/kern/VERSION

subset() {
  pyftsubset "$PACKAGE/dist/fonts/fira-sans/$1.woff2" --unicodes="$UNICODES" \
    --layout-features='kern,liga,calt' --flavor=woff2 --output-file="assets/fonts/$2"
}
subset FiraSans-Regular fira-sans-regular.woff2
subset FiraSans-SemiBold fira-sans-bold.woff2
ls -l assets/kern assets/fonts
