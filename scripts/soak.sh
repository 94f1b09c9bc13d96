#!/usr/bin/env bash
# `make soak`: the CLI's and the app's refresh loops against the fake forge in its
# random fault mode (every request draws a fault or none: timeouts, resets,
# 401/403/404/409/429/500/502/503 with and without Retry-After, HTML pages,
# truncated and invalid JSON, huge bodies, slow trickles, redirects to another
# host, GraphQL errors with 200), both on one data folder, with the app SIGKILLed
# at random moments and restarted during the first two thirds of the run and
# left running for the last third. Afterwards: no panic in any log, SQLite
# `integrity_check` ok, every account and its token intact, the cache equal to a
# clean sync's once faults stop, no token in any log or output, and the long-
# running app's RSS at its start and end.
#
# SOAK_SECS (default 600), SOAK_SEED (default: the clock), SOAK_FAULT_RATE (the
# share of requests that get a fault, 0.1: a sync makes 10-30 requests),
# SOAK_REFRESH_SECS (the app's interval, 3). Runs inside scripts/test-session.sh
# (keyring, display); output in target/soak/<run>/. Not part of `make test`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [[ -z ${AMPEL_SOAK_IN_SESSION:-} ]]; then
  AMPEL_SOAK_IN_SESSION=1 exec scripts/test-session.sh --display -- "$0" "$@"
fi
secs=${SOAK_SECS:-600}
seed=${SOAK_SEED:-$(date +%s)}
rate=${SOAK_FAULT_RATE:-0.1}
refresh=${SOAK_REFRESH_SECS:-3}
nice -n 19 cargo build --quiet -p ampel -p ampel-cli -p ampel-fakeforge
bin="$root/target/debug"
run="$root/target/soak/$(date -u +%Y%m%dT%H%M%SZ)-seed$seed"
mkdir -p "$run/data" "$run/clean"
export AMPEL_DATA_DIR="$run/data" AMPEL_KEYRING_SERVICE="dev.ampel.soak.$$" AMPEL_LOG=debug
cli() { nice -n 10 "$bin/ampel-cli" "$@"; }
pids=()
cleanup() { for p in "${pids[@]}" ${app_pid:-}; do kill -KILL "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

"$bin/ampel-fakeforge" --port 0 >"$run/forge.log" 2>&1 &
forge_pid=$!
pids+=("$forge_pid")
for _ in $(seq 100); do grep -q '^  gitea  *[0-9a-f]' "$run/forge.log" && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$run/forge.log")
tok() { sed -n "/^demo tokens/,\$ s/^  $1 *\([^ ]*\).*/\1/p" "$run/forge.log" | head -1; }
declare -A token=([github]=$(tok github) [gitlab]=$(tok gitlab) [bitbucket]=$(tok bitbucket) [gitea]=$(tok gitea))
bb_user=$(sed -n 's/.*(username \(.*\))/\1/p' "$run/forge.log")

# The accounts, validated while the forge still answers normally; each data
# folder (the soaked one and the clean one) gets the same four.
add_accounts() {
  local p user
  for p in github gitlab bitbucket gitea; do
    user=(); [[ $p == bitbucket ]] && user=(--username "$bb_user")
    printf '%s' "${token[$p]}" | cli accounts add --provider "$p" --name "soak-$p" \
      --base-url "$base/$p" "${user[@]}" --token-stdin >/dev/null
  done
}
add_accounts
AMPEL_DATA_DIR="$run/clean" AMPEL_KEYRING_SERVICE="dev.ampel.soak-clean.$$" add_accounts
curl -sf -X POST "$base/_fakeforge/faults/random?seed=$seed&rate=$rate" >/dev/null
echo "soak: ${secs}s, seed $seed, fault rate $rate, app refresh every ${refresh}s, in $run"

start=$(date +%s)
end=$((start + secs))
kill_until=$((start + secs * 2 / 3))
rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
tree_rss() { # the app and its WebKit processes, in kB
  local total=0 p
  for p in "$1" $(pgrep -P "$1" || true); do total=$((total + $(rss "$p"))); done
  echo "$total"
}
incarnation=0
launch_app() {
  incarnation=$((incarnation + 1))
  AMPEL_REFRESH_SECS=$refresh "$bin/ampel" >"$run/app-$incarnation.log" 2>&1 &
  app_pid=$!
  app_started=$(date +%s)
}

# The CLI's loop: one sync after another (exit 7 / 8 are accounts that failed).
(
  n=0
  while (($(date +%s) < end)); do
    n=$((n + 1))
    set +e
    cli sync --json >"$run/cli-sync-$n.json" 2>>"$run/cli.log"
    echo "sync $n exit $?" >>"$run/cli-exits.log"
    set -e
    sleep 1
  done
) &
cli_loop=$!
pids+=("$cli_loop")

launch_app
kills=0
next_kill=$((start + 15 + RANDOM % 30))
long_rss_start=""
long_pid=""
rss_series=()
while (($(date +%s) < end)); do
  now=$(date +%s)
  if ! kill -0 "$app_pid" 2>/dev/null; then
    echo "the app (incarnation $incarnation) exited by itself at +$((now - start))s" | tee -a "$run/events.log"
    launch_app
  elif ((now >= next_kill && now < kill_until)); then
    kill -KILL "$app_pid"
    wait "$app_pid" 2>/dev/null || true
    kills=$((kills + 1))
    echo "SIGKILL $kills at +$((now - start))s (incarnation $incarnation ran $((now - app_started))s)" >>"$run/events.log"
    launch_app
    next_kill=$((now + 10 + RANDOM % 40))
  elif ((now >= kill_until)) && [[ -z $long_pid ]] && ((now - app_started >= 20)); then
    long_pid=$app_pid
    long_rss_start="$(rss "$app_pid") $(tree_rss "$app_pid")"
    long_started=$now
  fi
  if [[ -n $long_pid ]] && (((now - long_started) % 30 == 0)); then
    rss_series+=("$(rss "$app_pid")")
  fi
  sleep 1
done
long_rss_end="$(rss "$app_pid") $(tree_rss "$app_pid")"
[[ $long_pid == "$app_pid" ]] || long_rss_start="(restarted: $long_rss_start)"
kill -TERM "$app_pid" 2>/dev/null || true
sleep 3
kill -KILL "$app_pid" 2>/dev/null || true
wait "$cli_loop" 2>/dev/null || true
counts=$(curl -sf "$base/_fakeforge/faults")
curl -sf -X POST "$base/_fakeforge/faults/off" >/dev/null

# Faults off: one clean sync of the soaked folder, one of a fresh folder.
failed=()
# An account whose forge reported its budget spent (the fake GitHub's 5,000 points
# an hour, which the soak's polling uses up) is postponed until the window resets,
# as it should be; its cache is then the last sync's and must equal the clean one.
cli sync --json >"$run/final-sync.json" 2>>"$run/cli.log" || true
final=$(python3 - "$run/final-sync.json" <<'PY'
import json, sys
outcomes = json.load(open(sys.argv[1]))["outcomes"]
for o in outcomes:
    r = o["result"]
    code = "ok" if r["status"] == "ok" else r.get("code", "?")
    print(f'{o["account_name"]}={code}')
PY
) || final="unreadable"
for o in $final; do
  [[ $o == *=ok || $o == *=postponed ]] || failed+=("after the faults stopped, $o: $(cat "$run/final-sync.json")")
done
AMPEL_DATA_DIR="$run/clean" AMPEL_KEYRING_SERVICE="dev.ampel.soak-clean.$$" cli sync --json >"$run/clean-sync.json" 2>>"$run/cli.log" \
  || failed+=("the clean sync failed")
cli prs --json >"$run/cache-soaked.json"
AMPEL_DATA_DIR="$run/clean" AMPEL_KEYRING_SERVICE="dev.ampel.soak-clean.$$" cli prs --json >"$run/cache-clean.json"
# Rows that tie on light, repository and number come in the cache's own order:
# compare them sorted by account, repository and number.
canonical() {
  python3 -c 'import json,sys; rows=json.load(open(sys.argv[1])); rows.sort(key=lambda r:(r["account"],r["repo"],r["number"])); print(json.dumps(rows,indent=1,sort_keys=True))' "$1" >"$1.sorted"
}
canonical "$run/cache-soaked.json"
canonical "$run/cache-clean.json"
cmp -s "$run/cache-soaked.json.sorted" "$run/cache-clean.json.sorted" \
  || failed+=("the cache differs from a clean sync's: diff $run/cache-soaked.json.sorted $run/cache-clean.json.sorted")
# Every stored field of every PR (checks, reviews, links, head, parts not loaded…),
# not only what a row shows: the databases' PR objects, keyed by account name.
stored_diff=$(python3 - "$run/data/ampel.db" "$run/clean/ampel.db" <<'PY'
import json, sqlite3, sys
def stored(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = db.execute(
        "SELECT a.name, p.pr_key, p.sections, p.data FROM pull_requests p "
        "JOIN accounts a ON a.id = p.account_id")
    out = {}
    for name, key, sections, data in rows:
        pr = json.loads(data)
        pr.pop("account_id", None)
        out[(name, key)] = (sections, pr)
    return out
soaked, clean = stored(sys.argv[1]), stored(sys.argv[2])
for k in sorted(set(soaked) | set(clean)):
    a, b = soaked.get(k), clean.get(k)
    if a is None or b is None:
        print(f"{k}: only in the {'clean' if a is None else 'soaked'} cache"); break
    if a[0] != b[0]:
        print(f"{k}: sections {a[0]} != {b[0]}"); break
    fields = [f for f in sorted(set(a[1]) | set(b[1])) if a[1].get(f) != b[1].get(f)]
    if fields:
        f = fields[0]
        print(f"{k}: {f} = {json.dumps(a[1].get(f))} soaked, {json.dumps(b[1].get(f))} clean"); break
print(f"compared {len(clean)} stored PRs")
PY
) || stored_diff="the stored PRs could not be read"
grep -q '^compared' <<<"$stored_diff" && [[ $(wc -l <<<"$stored_diff") == 1 ]] \
  || failed+=("a stored PR differs from a clean sync's: $stored_diff")
prs=$(grep -c '"number"' "$run/cache-clean.json" || true)
((prs > 0)) || failed+=("the clean sync listed no pull request")

integrity=$(sqlite3 "$run/data/ampel.db" 'PRAGMA integrity_check;' 2>&1 || true)
[[ $integrity == ok ]] || failed+=("integrity_check: $integrity")
cli accounts list --json >"$run/accounts.json"
for p in github gitlab bitbucket gitea; do
  grep -q "\"soak-$p\"" "$run/accounts.json" || failed+=("account soak-$p is gone")
done
cli vault status --json >"$run/vault.json"
grep -q '"tokens_to_reenter": 0' "$run/vault.json" || failed+=("tokens to re-enter: $(cat "$run/vault.json")")
grep -q '"key_state": "ok"' "$run/vault.json" || failed+=("vault key: $(cat "$run/vault.json")")

panics=$(grep -l -E 'panicked|RUST_BACKTRACE' "$run"/*.log 2>/dev/null || true)
[[ -z $panics ]] || failed+=("panic in: $panics")
for p in "${!token[@]}"; do
  leaks=$(grep -rlF --exclude=forge.log -- "${token[$p]}" "$run" 2>/dev/null || true)
  [[ -z $leaks ]] || failed+=("the $p token appears in: $leaks")
done

cli_syncs=$(wc -l <"$run/cli-exits.log")
cli_ok=$(grep -c 'exit 0$' "$run/cli-exits.log" || true)
app_done=$(cat "$run"/app-*.log | sed 's/\x1b\[[0-9;]*m//g' | grep 'refresh done' || true)
app_syncs=$(grep -c 'refresh done' <<<"$app_done" || true)
app_clean=$(grep -c 'failed=0' <<<"$app_done" || true)
account_ok=$(cat "$run"/cli-sync-*.json | grep -c '"status": "ok"' || true)
account_failed=$(cat "$run"/cli-sync-*.json | grep -c '"status": "failed"' || true)
echo
echo "soak figures (seed $seed, ${secs}s, fault rate $rate)"
echo "  CLI syncs:      $cli_syncs ($cli_ok with every account ok; accounts synced $account_ok, failed $account_failed)"
echo "  app refreshes:  $app_syncs ($app_clean with every account ok), over $incarnation launches"
echo "  SIGKILLs:       $kills"
echo "  requests by fault kind:"
python3 - "$counts" <<'PY'
import json, sys
c = json.loads(sys.argv[1])["counts"]
for k, v in sorted(c.items(), key=lambda kv: -kv[1]):
    print(f"    {k:<24} {v}")
print(f"    {'requests':<24} {sum(c.values())}")
PY
echo "  app RSS (kB, app / app+WebKit) at the long run's start: $long_rss_start, end: $long_rss_end (ran $(( $(date +%s) - ${long_started:-$start} ))s)"
echo "  app RSS every 30 s of the long run (kB): ${rss_series[*]:-}"
echo "  the sync after the faults stopped: $(echo $final)"
echo "  pull requests in the cache: $prs (stored fields: ${stored_diff##*$'\n'}); integrity_check: $integrity"
if ((${#failed[@]})); then
  echo
  printf 'FAILED: %s\n' "${failed[@]}"
  exit 1
fi
echo "soak: clean (no panic, database ok, accounts and tokens intact, cache = clean sync, no token leaked)"
