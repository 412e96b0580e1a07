#!/usr/bin/env bash
# Installs OpenLink Virtuoso (Debian's virtuoso-opensource, 7.2) for tests/test_virtuoso.py.
# The tests start `virtuoso-t` by hand on loopback with their own ini and database in a temp
# folder, so the packaged service is never used: in a container without an init system its
# start is refused ("invoke-rc.d: policy-rc.d denied execution of start"), which is harmless.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then
    exit 0
fi
apt-get update -qq
apt-get install -y -qq virtuoso-opensource >/dev/null
command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null
