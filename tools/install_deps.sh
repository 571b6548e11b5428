#!/bin/sh
# Installs the Debian packages krait needs to build and test, if any is missing.
set -e
PACKAGES="cmake ninja-build g++ ccache python3.11 libpython3.11-stdlib libpython3.11-testsuite
libgmp-dev zlib1g-dev libexpat1-dev libbz2-dev liblzma-dev libssl-dev libgtest-dev lld valgrind"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "installing:$missing"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi
