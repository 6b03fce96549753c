#!/usr/bin/env bash
# The test suite under AddressSanitizer and ThreadSanitizer, each in a build folder of its own.
#
#   tools/sanitizers.sh [address] [thread]      (default: both)
#
# Prints each run's closing line; exits non-zero when a sanitizer reports or a test fails. The
# tmux and binary tests run the sanitized binary too. Takes about 10 minutes for both on 2 cores.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
for s in ${*:-address thread}; do
    log=.build-$s.log
    # halt_on_error: the first report fails the run, so nothing slips by in a long log.
    ASAN_OPTIONS=halt_on_error=1:detect_leaks=0 TSAN_OPTIONS=halt_on_error=1 \
        swift test --sanitize="$s" --scratch-path ".build-$s" >"$log" 2>&1
    rc=$?
    reports=$(grep -c -E "ERROR: AddressSanitizer|WARNING: ThreadSanitizer" "$log" || true)
    echo "$s: exit $rc, $reports sanitizer report(s): $(grep -E 'Test run with' "$log" | tail -1)"
    if [ "$rc" -ne 0 ] || [ "$reports" -ne 0 ]; then
        status=1
        grep -E -A12 "ERROR: AddressSanitizer|WARNING: ThreadSanitizer" "$log" | head -60
    fi
done
exit $status
