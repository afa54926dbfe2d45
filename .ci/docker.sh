#!/usr/bin/env bash
# Installs what the Docker integration tests need on a fresh Debian machine:
# the engine (docker.io: dockerd, containerd, runc, the CLI) and a static
# busybox to build the test image from, since nothing can be pulled.
# Idempotent, never prompts; needs root (or password-less sudo) only when
# something is missing. The tests start their own private dockerd.
set -euo pipefail
exec </dev/null
export DEBIAN_FRONTEND=noninteractive

static_busybox() {
  local b
  for b in /bin/busybox /usr/bin/busybox; do
    [[ -x $b ]] && ! head -c 4096 "$b" | grep -qa 'ld-linux' && return 0
  done
  return 1
}

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
static_busybox || missing+=(busybox-static)

if ((${#missing[@]} == 0)); then
  echo "docker: nothing missing ($(dockerd --version))"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n env DEBIAN_FRONTEND=noninteractive)
else
  echo "docker: missing ${missing[*]}, and not root; the Docker tests will be skipped" >&2
  exit 0
fi

apt_opts=(-o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
echo "docker: installing ${missing[*]}"
"${as_root[@]}" apt-get "${apt_opts[@]}" update -q
"${as_root[@]}" apt-get "${apt_opts[@]}" install -y -q --no-install-recommends "${missing[@]}"
# Debian's package enables a system dockerd where systemd runs; the tests do not need it
# (each starts a private one on its own socket), so it is left as the package set it.
echo "docker: $(dockerd --version)"
