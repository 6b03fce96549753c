#!/usr/bin/env bash
# Renders `ecomdash report --format html` in headless Chromium (Debian `chromium`), offline, and
# checks what a reader would see: the page loads with no network, every section's SVG chart is in
# the rendered DOM, and a screenshot is written for a person to look at.
#
#   tools/html_screenshot.sh [CSV] [OUT.png]     (default: the real rows; report-screenshot.png)
set -euo pipefail
cd "$(dirname "$0")/.."
csv=${1:-Tests/Data/2019-Oct-head-1000.csv}
png=$(realpath -m "${2:-report-screenshot.png}")
bin=${ECOMDASH:-.build/debug/ecomdash}
command -v chromium >/dev/null || { echo "install chromium (apt-get install chromium)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" report "$csv" --format html --compare >"$work/report.html"
flags=(--headless --no-sandbox --disable-gpu --no-first-run --proxy-server=127.0.0.1:9 --user-data-dir="$work/profile")
svgs=$(chromium "${flags[@]}" --dump-dom "file://$work/report.html" 2>/dev/null | grep -o '<svg' | wc -l)
chromium "${flags[@]}" --hide-scrollbars --window-size=1024,2600 --screenshot="$png" \
    "file://$work/report.html" >/dev/null 2>&1
# Six sections always draw a chart; the anomalies section draws one when an hour stands out.
expected=$(grep -o '<svg' "$work/report.html" | wc -l)
[ "$expected" -ge 6 ] || { echo "html_screenshot: the page holds $expected SVG charts, expected 6 or 7" >&2; exit 1; }
[ "$svgs" -eq "$expected" ] || { echo "html_screenshot: $svgs SVG charts rendered, the page holds $expected" >&2; exit 1; }
[ -s "$png" ] || { echo "html_screenshot: no screenshot" >&2; exit 1; }
echo "html_screenshot: $svgs charts rendered offline; screenshot in $png"
