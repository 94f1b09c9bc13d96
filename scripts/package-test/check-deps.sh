#!/usr/bin/env bash
# Checks that a .deb's Depends covers every library its binary needs: each NEEDED
# entry of usr/bin/ampel and each library it dlopens by name (the lib*.so.N
# literals in the binary, e.g. the tray's indicator library) is resolved on this
# machine, mapped to its package with `dpkg -S`, and that package must be named in
# Depends or be pulled in by a package named there (through installed packages'
# own Depends). Usage: check-deps.sh PACKAGE.deb   Exit 1 when a library is not
# covered, listing it.
set -euo pipefail

deb=${1:?usage: check-deps.sh PACKAGE.deb}
work=$(mktemp -d /tmp/ampel-deps.XXXXXX)
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work/root"
bin="$work/root/usr/bin/ampel"
[ -x "$bin" ] || { echo "check-deps: no usr/bin/ampel in $deb" >&2; exit 1; }

# Package names of a Depends field: alternatives split, versions and archs dropped.
names_of() { tr ',|' '\n\n' | sed -E 's/\(.*\)//; s/:[a-z0-9]+//; s/^[[:space:]]+//; s/[[:space:]]+$//' | grep -v '^$' || true; }

depends=$(dpkg-deb -f "$deb" Depends)
# Every installed package's own Depends (and who provides what), read once.
declare -A deps_of=() providers=()
while IFS=$'\t' read -r pkg d prov; do
  deps_of[$pkg]=$d
  for v in $(names_of <<<"$prov"); do providers[$v]+="$pkg,"; done
done < <(dpkg-query -W -f='${Package}\t${Depends},${Pre-Depends}\t${Provides}\n')
# The closure: what installing the package pulls in (through installed packages).
declare -A covered=()
queue=($(names_of <<<"$depends"))
while [ ${#queue[@]} -gt 0 ]; do
  p=${queue[0]}; queue=("${queue[@]:1}")
  [ -n "${covered[$p]:-}" ] && continue
  covered[$p]=1
  for n in $(names_of <<<"${deps_of[$p]:-},${providers[$p]:-}"); do [ -n "${covered[$n]:-}" ] || queue+=("$n"); done
done

# The libraries: NEEDED entries, and sonames the binary dlopens by name.
needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
dlopened=$(strings -a "$bin" | grep -oE 'lib[A-Za-z0-9_+-]{1,40}(\.[0-9]+)?\.so\.[0-9]+' | sort -u | grep -vxF "$needed" || true)

# Which package owns each library path (merged /usr or not), from one dpkg -S call.
declare -A owner=()
index_owners() {
  local paths=() so path real
  for so in "$@"; do
    path=$(resolve "$so"); [ -n "$path" ] || continue
    real=$(readlink -f "$path")
    paths+=("$path" "$real" "${path#/usr}" "${real#/usr}" "/usr${path#/usr}" "/usr${real#/usr}")
  done
  while IFS= read -r line; do
    case $line in diversion*) continue ;; esac
    owner[${line#*: }]=$(sed 's/[:,].*//' <<<"$line")
  done < <(dpkg -S "${paths[@]}" 2>/dev/null || true)
}
package_of() { # path: its package, from the index
  local path=$1 real p
  real=$(readlink -f "$path")
  for p in "$path" "$real" "${path#/usr}" "${real#/usr}" "/usr${path#/usr}" "/usr${real#/usr}"; do
    [ -n "${owner[$p]:-}" ] && { echo "${owner[$p]}"; return 0; }
  done
  return 1
}
ld_cache=$(ldconfig -p)
resolve() { awk -v n="$1" '$1 == n && /x86-64|x86_64|64bit/ && !found {print $NF; found = 1}' <<<"$ld_cache"; }

fail=0
checked=0
indicator=
check() { # soname kind
  local so=$1 kind=$2 path pkg
  path=$(resolve "$so")
  if [ -z "$path" ]; then
    if [ "$kind" = dlopen ]; then echo "  $so (dlopen): not installed here, so optional for the binary"; return 0; fi
    echo "  MISSING $so (NEEDED): not found on this machine"; fail=1; return 0
  fi
  if ! pkg=$(package_of "$path"); then echo "  UNOWNED $so -> $path: no package owns it"; fail=1; return 0; fi
  checked=$((checked + 1))
  if [ -n "${covered[$pkg]:-}" ]; then
    echo "  ok $so ($kind) -> $pkg"
    case $so in *appindicator*) indicator=$so ;; esac
  else
    echo "  NOT IN DEPENDS $so ($kind) -> $path from package $pkg"
    fail=1
  fi
}
echo "Depends: $depends"
index_owners $needed $dlopened
for so in $needed; do check "$so" NEEDED; done
for so in $dlopened; do check "$so" dlopen; done
# The tray's library: named in the binary, installed here and covered by Depends.
grep -q appindicator <<<"$dlopened" || { echo "  no indicator library name found in the binary"; fail=1; }
[ -n "$indicator" ] || { echo "  no indicator library is both installed here and covered by Depends"; fail=1; }
if [ "$fail" != 0 ]; then
  echo "check-deps: FAILED: $deb does not depend on every library its binary loads" >&2
  exit 1
fi
echo "check-deps: all $checked libraries resolve to packages covered by Depends"
