#!/usr/bin/env bash
# Vendors KERN UX (npm @kern-ux/native, EUPL-1.2) and its font Fira Sans (OFL-1.1) into
# assets/kern/ for `onboard serve`, which embeds them in the binary:
#   kern.css               the rules of KERN's dist/kern.css for the classes in classes.txt,
#                          with the custom properties they (and assets/onboard.css) read, and
#                          @font-face rules for the weights they ask for (kern-css-subset.py)
#   fira-sans-WEIGHT.woff2 KERN's Fira Sans, subset to the letters of German and English
#                          pages (pyftsubset)
#   LICENSE.md, OFL.txt    KERN's licence; the font's, with the font's own copyright line
#   VERSION                the KERN version (the README names it: "Built with KERN UX x.y.z")
#
#   scripts/vendor-kern.sh            # again, the version in assets/kern/VERSION
#   scripts/vendor-kern.sh 2.8.0      # another version (`latest`: npm's newest)
#
# Rerun it after changing classes.txt or the var(--kern-*) that onboard.css reads.
# Needs npm (the registry) and Python 3 with fontTools, brotli and tinycss2
# (`pip install fonttools brotli tinycss2`). The packages are unpacked in a scratch folder
# that is removed at the end; nothing else is written outside assets/kern/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=assets/kern
version="${1:-$(cat "$out/VERSION")}"
# Only for the text of the OFL: KERN ships the fonts without their licence.
fontsource_version=5.3.0
# What German and English pages write: Basic Latin, Latin-1 (ä ö ü ß § « » …), the German and
# English quotes „ “ ” ‚ ‘ ’ ‹ ›, dashes – —, the ellipsis …, the bullet •, € and capital ẞ.
unicodes="U+0020-007E,U+00A0-00FF,U+2013-2014,U+2018-201A,U+201C-201E,U+2022,U+2026,U+2039-203A,U+20AC,U+1E9E"

python3 -c 'import fontTools, brotli, tinycss2' 2>/dev/null || {
    echo "vendor-kern: needs Python 3 with fontTools, brotli and tinycss2:" >&2
    echo "    pip install fonttools brotli tinycss2" >&2
    exit 2
}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if [ "$version" = latest ]; then
    version=$(npm view @kern-ux/native version)
fi
(
    cd "$scratch"
    npm pack --silent "@kern-ux/native@$version" >/dev/null
    npm pack --silent "@fontsource/fira-sans@$fontsource_version" >/dev/null
    mkdir kern fontsource
    tar -xzf kern-ux-native-*.tgz -C kern --strip-components=1
    tar -xzf fontsource-fira-sans-*.tgz -C fontsource --strip-components=1
)
kern="$scratch/kern"

weights=$(python3 scripts/kern-css-subset.py "$kern/dist/kern.css" "$out/classes.txt" \
    assets/onboard.css "$version" "$scratch/kern.css")

rm -f "$out"/fira-sans-*.woff2
for weight in $weights; do
    case "$weight" in
        300) style=Light ;; 400) style=Regular ;; 500) style=Medium ;;
        600) style=SemiBold ;; 700) style=Bold ;; 800) style=ExtraBold ;;
        *) echo "vendor-kern: no Fira Sans file for weight $weight" >&2; exit 1 ;;
    esac
    # Name IDs 13 and 14 keep the licence notice in the font itself.
    pyftsubset "$kern/dist/fonts/fira-sans/FiraSans-$style.woff2" \
        --unicodes="$unicodes" --flavor=woff2 --name-IDs=0,1,2,3,4,5,6,13,14 \
        --output-file="$out/fira-sans-$weight.woff2"
done

mv "$scratch/kern.css" "$out/kern.css"
cp "$kern/LICENSE.md" "$out/LICENSE.md"
{
    python3 -c 'import sys; from fontTools.ttLib import TTFont
print(TTFont(sys.argv[1])["name"].getDebugName(0))' "$kern/dist/fonts/fira-sans/FiraSans-Regular.woff2"
    echo
    # fontsource's LICENSE opens with its own copyright line; the OFL follows the first blank line.
    sed '1,/^$/d' "$scratch/fontsource/LICENSE"
} >"$out/OFL.txt"
echo "$version" >"$out/VERSION"

echo "KERN UX $version: $out/kern.css ($(wc -c <"$out/kern.css") bytes), Fira Sans" \
    "$(echo "$weights" | tr '\n' ' ')"
