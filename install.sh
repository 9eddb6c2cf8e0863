#!/bin/sh
# Installs phicode, one self-contained executable, without sudo:
#
#   curl -fsSL https://github.com/phicode-dev/phicode/releases/latest/download/install.sh | sh
#   curl -fsSL https://github.com/phicode-dev/phicode/releases/latest/download/install.sh | sh -s -- 0.2.0
#   sh install.sh --uninstall
#
# Environment:
#   PHICODE_VERSION          version to install (default: latest; a first argument wins)
#   PHICODE_INSTALL          directory for the binary (default: ~/.phicode/bin)
#   PHICODE_DOWNLOAD_URL     URL of the directory holding the archives and SHA256SUMS
#                            (a mirror or a local server; it replaces the GitHub release URL,
#                            so it already names a version)
#   PHICODE_NO_MODIFY_PATH=1 print the PATH line instead of adding it to the shell's rc file
#
# Every step is a function and `main "$@"` is the last line: a download cut short defines
# some functions and runs nothing.

set -eu

RELEASES_URL="https://github.com/phicode-dev/phicode/releases"
PATH_MARKER="# added by the phicode installer"

TMP_DIR=""
STAGED=""

say() {
  printf 'phicode: %s\n' "$*"
}

die() {
  printf 'phicode: error: %s\n' "$*" >&2
  exit 1
}

cleanup() {
  if [ -n "$STAGED" ]; then rm -f "$STAGED"; fi
  if [ -n "$TMP_DIR" ]; then rm -rf "$TMP_DIR"; fi
}

usage() {
  cat <<'EOF'
usage: install.sh [VERSION]        install phicode (default: the latest release)
       install.sh --uninstall      remove the binary and the PATH line this script added
       install.sh --help

environment: PHICODE_VERSION, PHICODE_INSTALL (default ~/.phicode/bin),
             PHICODE_DOWNLOAD_URL, PHICODE_NO_MODIFY_PATH=1
EOF
}

has() {
  command -v "$1" >/dev/null 2>&1
}

# Sets OS to linux or darwin.
detect_os() {
  kernel=$(uname -s)
  case "$kernel" in
    Linux) OS=linux ;;
    Darwin) OS=darwin ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT)
      die "install.sh does not install on Windows: download phicode-windows-x64.zip from $RELEASES_URL and put phicode.exe on your PATH"
      ;;
    *) die "unsupported operating system '$kernel': phicode is built for Linux and macOS (and Windows, as a .zip)" ;;
  esac
}

# Sets ARCH to x64 or arm64.
detect_arch() {
  machine=$(uname -m)
  case "$machine" in
    x86_64 | amd64) ARCH=x64 ;;
    aarch64 | arm64) ARCH=arm64 ;;
    *) die "unsupported CPU architecture '$machine': phicode is built for x86_64 and arm64" ;;
  esac
  if [ "$OS" = darwin ] && [ "$ARCH" = x64 ] && is_rosetta; then
    say "running under Rosetta 2: installing the native arm64 build"
    ARCH=arm64
  fi
}

# A shell translated by Rosetta reports x86_64; the Mac underneath is arm64.
is_rosetta() {
  [ "$(sysctl -n sysctl.proc_translated 2>/dev/null || true)" = 1 ]
}

# Alpine and other musl systems need the -musl build; ldd names its libc.
is_musl() {
  if has ldd; then
    case "$(ldd --version 2>&1 || true)" in
      *musl*) return 0 ;;
      *GNU* | *GLIBC* | *glibc*) return 1 ;;
    esac
  fi
  for loader in /lib/ld-musl-*.so.1; do
    if [ -e "$loader" ]; then return 0; fi
  done
  return 1
}

# Sets TARGET, e.g. linux-x64-musl.
detect_target() {
  detect_os
  detect_arch
  TARGET="$OS-$ARCH"
  if [ "$OS" = linux ] && is_musl; then TARGET="$TARGET-musl"; fi
}

# Sets VERSION (empty for the latest release) from the argument or PHICODE_VERSION.
resolve_version() {
  VERSION=${1#v}
  case "$VERSION" in
    latest) VERSION="" ;;
    *[!0-9A-Za-z.+-]*) die "invalid version '$1': expected something like 0.2.0" ;;
  esac
}

# Sets BASE_URL, the directory holding the archives and SHA256SUMS.
resolve_base_url() {
  if [ -n "${PHICODE_DOWNLOAD_URL:-}" ]; then
    BASE_URL=${PHICODE_DOWNLOAD_URL%/}
  elif [ -n "$VERSION" ]; then
    BASE_URL="$RELEASES_URL/download/v$VERSION"
  else
    BASE_URL="$RELEASES_URL/latest/download"
  fi
}

# Sets INSTALL_DIR, made absolute so the PATH line works from any directory.
resolve_install_dir() {
  INSTALL_DIR=${PHICODE_INSTALL:-${HOME:?HOME is not set; set PHICODE_INSTALL}/.phicode/bin}
  case "$INSTALL_DIR" in
    /*) ;;
    *) INSTALL_DIR="$(pwd)/$INSTALL_DIR" ;;
  esac
  INSTALL_DIR=${INSTALL_DIR%/}
}

check_tools() {
  if ! has curl && ! has wget; then die "curl or wget is needed to download phicode"; fi
  if ! has sha256sum && ! has shasum && ! has openssl; then
    die "sha256sum, shasum or openssl is needed to verify the download"
  fi
  if ! has tar; then die "tar is needed to unpack phicode"; fi
}

download() {
  if has curl; then
    curl -fsSL --retry 2 -o "$2" "$1"
  else
    wget -q -O "$2" "$1"
  fi
}

sha256_of() {
  if has sha256sum; then
    sha256sum "$1" | cut -d ' ' -f 1
  elif has shasum; then
    shasum -a 256 "$1" | cut -d ' ' -f 1
  else
    openssl dgst -sha256 -r "$1" | cut -d ' ' -f 1
  fi
}

# Refuses, before anything is installed, an archive whose digest is not the one listed.
verify_checksum() {
  archive=$1
  sums=$2
  name=$(basename "$archive")
  expected=$(awk -v f="$name" '$2 == f || $2 == "*" f { print $1; exit }' "$sums")
  case "$expected" in
    "") die "SHA256SUMS lists no $name: refusing to install an unverified download; nothing was installed" ;;
    *[!0-9a-f]*) die "SHA256SUMS has a malformed entry for $name; nothing was installed" ;;
  esac
  if [ "${#expected}" -ne 64 ]; then die "SHA256SUMS has a malformed entry for $name; nothing was installed"; fi
  actual=$(sha256_of "$archive")
  if [ "$actual" != "$expected" ]; then
    die "checksum mismatch for $name (SHA256SUMS: $expected, downloaded: $actual): the file is corrupt or was tampered with; nothing was installed"
  fi
  say "checksum verified: $name"
}

# Downloads, verifies and unpacks the archive; sets NEW_BINARY to the unpacked executable.
fetch_binary() {
  archive_name="phicode-$TARGET.tar.gz"
  TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/phicode-install.XXXXXX")
  say "downloading $archive_name from $BASE_URL"
  download "$BASE_URL/$archive_name" "$TMP_DIR/$archive_name" ||
    die "cannot download $BASE_URL/$archive_name (is there a release for $TARGET${VERSION:+ at version $VERSION}?)"
  download "$BASE_URL/SHA256SUMS" "$TMP_DIR/SHA256SUMS" || die "cannot download $BASE_URL/SHA256SUMS"
  verify_checksum "$TMP_DIR/$archive_name" "$TMP_DIR/SHA256SUMS"
  mkdir "$TMP_DIR/unpacked"
  tar -xzf "$TMP_DIR/$archive_name" -C "$TMP_DIR/unpacked" || die "cannot unpack $archive_name"
  NEW_BINARY="$TMP_DIR/unpacked/phicode"
  if [ ! -f "$NEW_BINARY" ]; then die "$archive_name holds no phicode binary"; fi
  chmod 755 "$NEW_BINARY"
  NEW_VERSION=$("$NEW_BINARY" --version 2>/dev/null) ||
    die "the downloaded phicode-$TARGET does not run on this machine$(runtime_hint); nothing was installed"
}

# The musl builds link the C++ runtime dynamically, which Alpine does not install by default.
runtime_hint() {
  case "$TARGET" in
    *-musl) printf ' (musl builds need the C++ runtime: apk add libstdc++ libgcc)' ;;
  esac
}

# Copies next to the destination, then renames over it: the old binary stays whole until the
# new one is complete, and a running phicode keeps its own copy.
install_binary() {
  mkdir -p "$INSTALL_DIR" || die "cannot create $INSTALL_DIR"
  STAGED="$INSTALL_DIR/.phicode.$$.tmp"
  cp "$NEW_BINARY" "$STAGED" || die "cannot write to $INSTALL_DIR"
  chmod 755 "$STAGED"
  mv -f "$STAGED" "$INSTALL_DIR/phicode" || die "cannot replace $INSTALL_DIR/phicode"
  STAGED=""
  say "installed $NEW_VERSION to $INSTALL_DIR/phicode"
}

# Sets RC_FILE and PATH_LINE for the user's login shell.
shell_rc() {
  case "$(basename "${SHELL:-sh}")" in
    zsh)
      RC_FILE="${ZDOTDIR:-$HOME}/.zshrc"
      PATH_LINE="export PATH=\"$INSTALL_DIR:\$PATH\" $PATH_MARKER"
      ;;
    bash)
      if [ "$OS" = darwin ]; then RC_FILE="$HOME/.bash_profile"; else RC_FILE="$HOME/.bashrc"; fi
      PATH_LINE="export PATH=\"$INSTALL_DIR:\$PATH\" $PATH_MARKER"
      ;;
    fish)
      RC_FILE="${XDG_CONFIG_HOME:-$HOME/.config}/fish/config.fish"
      PATH_LINE="set -gx PATH \"$INSTALL_DIR\" \$PATH $PATH_MARKER"
      ;;
    *)
      RC_FILE="$HOME/.profile"
      PATH_LINE="export PATH=\"$INSTALL_DIR:\$PATH\" $PATH_MARKER"
      ;;
  esac
}

setup_path() {
  case ":$PATH:" in
    *":$INSTALL_DIR:"*)
      say "run: phicode my_module"
      return
      ;;
  esac
  if [ "${PHICODE_NO_MODIFY_PATH:-0}" = 1 ]; then
    say "add phicode to your PATH, e.g. in your shell's rc file:"
    printf '\n  export PATH="%s:%s"\n\n' "$INSTALL_DIR" "\$PATH"
    return
  fi
  shell_rc
  if [ -f "$RC_FILE" ] && grep -qxF "$PATH_LINE" "$RC_FILE"; then
    say "$RC_FILE already puts $INSTALL_DIR on PATH"
  else
    mkdir -p "$(dirname "$RC_FILE")"
    printf '\n%s\n' "$PATH_LINE" >>"$RC_FILE" || die "cannot write $RC_FILE; add $INSTALL_DIR to PATH yourself"
    say "added $INSTALL_DIR to PATH in $RC_FILE (set PHICODE_NO_MODIFY_PATH=1 to skip this)"
  fi
  say "open a new shell (or run: export PATH=\"$INSTALL_DIR:\$PATH\"), then: phicode my_module"
}

# Drops the lines this script added; writing through cat keeps the file's owner, mode and links.
remove_path_lines() {
  rc=$1
  if [ -f "$rc" ] && grep -qF "$PATH_MARKER" "$rc"; then
    TMP_DIR=${TMP_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/phicode-install.XXXXXX")}
    grep -vF "$PATH_MARKER" "$rc" >"$TMP_DIR/rc" || true
    cat "$TMP_DIR/rc" >"$rc"
    say "removed the PATH line from $rc"
  fi
}

uninstall() {
  if [ -f "$INSTALL_DIR/phicode" ]; then
    rm -f "$INSTALL_DIR/phicode"
    say "removed $INSTALL_DIR/phicode"
  else
    say "no phicode in $INSTALL_DIR"
  fi
  rmdir "$INSTALL_DIR" 2>/dev/null || true
  home_dir="$HOME/.phicode"
  if [ -d "$home_dir" ] && ! rmdir "$home_dir" 2>/dev/null; then
    say "kept $home_dir (phicode's data); remove it with: rm -rf \"$home_dir\""
  fi
  for rc in "${ZDOTDIR:-$HOME}/.zshrc" "$HOME/.bashrc" "$HOME/.bash_profile" "$HOME/.profile" \
    "${XDG_CONFIG_HOME:-$HOME/.config}/fish/config.fish"; do
    remove_path_lines "$rc"
  done
}

main() {
  action=install
  version_arg=${PHICODE_VERSION:-latest}
  for arg in "$@"; do
    case "$arg" in
      --uninstall) action=uninstall ;;
      -h | --help)
        usage
        return 0
        ;;
      -*)
        usage >&2
        die "unknown option '$arg'"
        ;;
      *) version_arg=$arg ;;
    esac
  done
  trap cleanup EXIT
  trap 'exit 130' INT TERM HUP
  resolve_install_dir
  if [ "$action" = uninstall ]; then
    uninstall
    return 0
  fi
  resolve_version "$version_arg"
  detect_target
  resolve_base_url
  check_tools
  fetch_binary
  install_binary
  setup_path
}

main "$@"
