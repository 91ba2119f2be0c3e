#!/usr/bin/env bash
# Makes sure headless Debian `chromium` (and a CJK font, so the Chinese text of the page renders
# in its screenshot) is installed, for the report page's browser test
# (Tests/OnePointReportingTests/ReportBrowserTests.swift), through scripts/ensure-deps.sh.
# Prints the browser's path; exits non-zero with the reason when it cannot be installed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/ensure-deps.sh" chromium fonts-wqy-microhei >&2
if ! command -v chromium >/dev/null 2>&1; then
  echo "error: chromium is still not on PATH after scripts/ensure-deps.sh chromium" >&2
  exit 1
fi
command -v chromium
