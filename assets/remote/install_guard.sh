# Installs or removes pcwiz's idle guard on a head node; run as root (`sudo bash -s`), sent
# by pcwiz on ssh's stdin. To install, pcwiz sends install_files.sh and its `put`s of the
# guard's files first, then this and `finish_install "$1"` ($1: the login shell's
# SLURM_CONF, passed as `sudo -n bash -s -- "$SLURM_CONF"`); to remove, this and `remove`.
# Prints one line per step: ok|failed|note <TAB> what <TAB> detail.
set -u
umask 022

systemd_running() { [ -d /run/systemd/system ]; }

log() { printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >>/var/log/pcwiz-idle-guard.log; }

finish_install() { # finish_install [SLURM_CONF of the login user's shell]
  local unit
  # sudo leaves the login shell's SLURM_CONF behind; the guard needs the same Slurm.
  [ -n "${1:-}" ] && printf 'SLURM_CONF=%q\n' "$1" >>/etc/pcwiz/idle-guard.conf
  if command -v systemd-analyze >/dev/null 2>&1; then
    for unit in /etc/systemd/system/pcwiz-idle-guard.service /etc/systemd/system/pcwiz-idle-guard.timer; do
      if out=$(systemd-analyze verify "$unit" 2>&1); then
        printf 'ok\tsystemd-analyze verify\t%s\n' "$unit"
      else
        printf 'failed\tsystemd-analyze verify\t%s: %s\n' "$unit" "$(tr '\n' ' ' <<<"$out")"
      fi
    done
  else
    printf 'note\tsystemd-analyze verify\tnot on this node\n'
  fi
  if systemd_running; then
    systemctl daemon-reload &&
      systemctl enable --now pcwiz-idle-guard.timer >/dev/null 2>&1 &&
      printf 'ok\tpcwiz-idle-guard.timer\tenabled and started\n' ||
      printf 'failed\tpcwiz-idle-guard.timer\tsystemctl could not enable it\n'
  else
    printf 'note\tpcwiz-idle-guard.timer\tsystemd is not running here: installed, not started\n'
  fi
  log "installed by pcwiz: $(grep -E '^(IDLE_MINUTES|SHUTDOWN_BEHAVIOUR)=' /etc/pcwiz/idle-guard.conf | tr '\n' ' ')"
  # One look now, so the state the dashboard reads is there at once.
  if /usr/local/sbin/pcwiz-idle-guard check; then
    printf 'ok\tfirst look\t/var/lib/pcwiz/idle-guard.json\n'
  else
    printf 'failed\tfirst look\tthe guard could not run\n'
  fi
}

remove() {
  if systemd_running; then
    systemctl disable --now pcwiz-idle-guard.timer >/dev/null 2>&1
    printf 'ok\tpcwiz-idle-guard.timer\tstopped and disabled\n'
  fi
  rm -f /etc/systemd/system/pcwiz-idle-guard.service /etc/systemd/system/pcwiz-idle-guard.timer \
    /usr/local/sbin/pcwiz-idle-guard /etc/pcwiz/idle-guard.conf /var/lib/pcwiz/idle-guard.json
  systemd_running && systemctl daemon-reload
  log "removed by pcwiz"
  printf 'ok\tidle guard\tremoved (its log stays in /var/log/pcwiz-idle-guard.log)\n'
}
