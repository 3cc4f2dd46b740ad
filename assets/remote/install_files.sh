# Puts files on the head node, sent by pcwiz on ssh's stdin: nothing here, keys included,
# is on a command line. pcwiz appends one `put PATH MODE` per file, its contents in base64
# on the here-document. A relative PATH is in the login user's home (shared with the
# compute nodes): an existing file there that differs is backed up first, never
# overwritten silently. An absolute PATH is one of pcwiz's own files (the idle guard's,
# sent through `sudo bash -s`): it is replaced.
# Prints one line per file: installed|unchanged|failed <TAB> path <TAB> backup or reason.
# `in_dir DIR` first puts the relative paths under DIR (a reV project) instead of the home.
set -u
umask 077
stamp=$(date -u +%Y%m%dT%H%M%SZ)
base=$HOME

in_dir() {
  case $1 in
    /*) base=$1 ;;
    \~/*) base="$HOME/${1#\~/}" ;;
    *) base="$HOME/$1" ;;
  esac
}

put() {
  local rel=$1 mode=$2 path tmp backup=""
  case "$rel" in /*) path=$rel ;; *) path="$base/$rel" ;; esac
  # pcwiz's own system files go in directories anyone may read (/etc/pcwiz); the user's
  # keep the private umask.
  local dir_umask=077
  case "$rel" in /*) dir_umask=022 ;; esac
  if ! (umask "$dir_umask" && mkdir -p "$(dirname "$path")") 2>/dev/null; then
    cat >/dev/null
    printf 'failed\t%s\tcannot create %s\n' "$rel" "$(dirname "$path")"
    return
  fi
  # A private temporary file beside the target (mktemp makes it 0600), renamed into place.
  if ! tmp=$(mktemp "$path.pcwiz-XXXXXX" 2>/dev/null); then
    cat >/dev/null
    printf 'failed\t%s\tcannot write in %s\n' "$rel" "$(dirname "$path")"
    return
  fi
  if ! base64 -d >"$tmp"; then
    rm -f "$tmp"
    printf 'failed\t%s\tthe contents arrived damaged\n' "$rel"
    return
  fi
  chmod "$mode" "$tmp"
  if [ -e "$path" ]; then
    if cmp -s "$tmp" "$path"; then
      rm -f "$tmp"
      chmod "$mode" "$path"
      printf 'unchanged\t%s\t\n' "$rel"
      return
    fi
    case "$rel" in
      /*) ;;
      *) backup="$rel.pcwiz-backup-$stamp"; cp -p "$path" "$base/$backup" ;;
    esac
  fi
  mv -f "$tmp" "$path"
  printf 'installed\t%s\t%s\n' "$rel" "$backup"
}
