#!/usr/bin/env bash
# Seed corpora for the fuzz targets, taken from the fake forge's real answers
# (`curl -i`: status line, headers, body — the framing the targets read), plus the
# fault answers of its random fault mode. Usage: scripts/fuzz-seeds.sh OUT_DIR
set -euo pipefail
out=${1:?usage: scripts/fuzz-seeds.sh OUT_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
forge="$root/target/debug/ampel-fakeforge"
[[ -x $forge ]] || cargo build --quiet -p ampel-fakeforge --manifest-path "$root/Cargo.toml"
sep=$'\n=====\n'
log=$(mktemp)
"$forge" --port 0 >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 50); do grep -q "^  gitea  *[0-9a-f]" "$log" && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$log")
[[ -n $base ]] || { echo "the fake forge did not start" >&2; cat "$log" >&2; exit 1; }
tok() { sed -n "/^demo tokens/,\$ s/^  $1 *\([^ ]*\).*/\1/p" "$log" | head -1; }
GH=$(tok github); GL=$(tok gitlab); BB=$(tok bitbucket); GT=$(tok gitea)
BB_USER=$(sed -n 's/.*(username \(.*\))/\1/p' "$log")

get() { curl -si --max-time 10 "$@" | tr -d '\r'; }
gh() { get -H "authorization: Bearer $GH" "$base/github$1"; }
gl() { get -H "authorization: Bearer $GL" "$base/gitlab$1"; }
bb() { get -u "$BB_USER:$BB" "$base/bitbucket$1"; }
gt() { get -H "authorization: token $GT" "$base/gitea$1"; }
gql() {
  local q=$1
  get -H "authorization: Bearer $GH" -H 'content-type: application/json' \
    -d "{\"query\":\"query(\$q: String!) { search(query: \$q, type: ISSUE, first: 100) { issueCount } }\",\"variables\":{\"q\":\"$q\"}}" \
    "$base/github/api/graphql"
}
seed() { mkdir -p "$out/$1"; cat >"$out/$1/$2"; }

for n in 1 2 3; do
  gh /api/v3/user | seed validate_github "user$n"
  { gl /api/v4/user; printf '%s' "$sep"; gl /api/v4/personal_access_tokens/self; } | seed validate_gitlab "user$n"
  { printf '\x0%s' "$n"; bb /2.0/user; } | seed validate_bitbucket "user$n"
  gt /api/v1/user | seed validate_gitea "user$n"
done
get "$base/github/api/v3/user" | seed validate_github anonymous
get -H "authorization: token nope" "$base/gitea/api/v1/user" | seed validate_gitea refused
for q in 'is:pr is:open author:@me' 'is:pr is:open review-requested:@me' 'is:pr is:open assignee:@me' 'is:pr is:open repo:octo-org/ampel-demo'; do
  gql "$q" | seed list_github "$(echo "$q" | md5sum | cut -c1-8)"
done
p=octo-group%2Fampel-demo
for scope in created_by_me assigned_to_me; do
  { gl "/api/v4/merge_requests?scope=$scope&state=opened&per_page=2"; printf '%s' "$sep"
    gl "/api/v4/projects/$p/pipelines?per_page=100"; } | seed list_gitlab "$scope"
done
gl "/api/v4/projects/$p/merge_requests?state=opened&per_page=100" | seed list_gitlab project
gl "/api/v4/projects/$p/merge_requests/1" | seed list_gitlab single
r=/2.0/repositories/octo-workspace/ampel-demo
{ bb "$r/pullrequests?pagelen=2&fields=%2Bvalues.participants,%2Bvalues.reviewers"; printf '%s' "$sep"
  bb "$r/pullrequests/1/statuses"; printf '%s' "$sep"; bb "$r/pullrequests/1/diffstat"; printf '%s' "$sep"
  bb "$r/branch-restrictions?kind=require_approvals_to_merge"; printf '%s' "$sep"
  bb "/2.0/user/workspaces"; } | seed list_bitbucket page
bb "$r/pullrequests/1" | seed list_bitbucket one
g=/api/v1/repos/octo-org/ampel-demo
sha=$(gt "$g/pulls/1" | sed -n 's/.*"head":{[^}]*"sha":"\([0-9a-f]*\)".*/\1/p' | head -1)
{ gt "$g/pulls?state=open&limit=2"; printf '%s' "$sep"; gt "$g/pulls/1/reviews"; printf '%s' "$sep"
  gt "$g/commits/${sha:-main}/status"; printf '%s' "$sep"; gt "$g/branches/main"; printf '%s' "$sep"
  gt "/api/v1/repos/issues/search?type=pulls&state=open&created=true"; } | seed list_gitea page
for f in "$out"/list_*/*; do cp "$f" "$out/limits/$(basename "$(dirname "$f")")-$(basename "$f")" 2>/dev/null || { mkdir -p "$out/limits"; cp "$f" "$out/limits/"; }; done
cp "$out"/validate_github/* "$out/limits/"
printf 'HTTP/1.1 429 Too Many Requests\nretry-after: 60\nx-ratelimit-remaining: 0\nx-ratelimit-reset: 1800000000\n\n{"message":"slow down"}' | seed limits retry-secs
printf 'HTTP/1.1 503 Service Unavailable\nretry-after: Wed, 21 Oct 2026 07:28:00 GMT\nratelimit-limit: 2000\nratelimit-remaining: 0\nratelimit-reset: 1800000000\n\n' | seed limits retry-date
printf 'HTTP/1.1 200 OK\ngithub-authentication-token-expiration: 2026-04-26 20:23:26 +0200\n\n2026-12-10' | seed limits expiry
printf '\x00<https://gitlab.fuzz.example/api/v4/user/repos?page=2>; rel="next", <https://gitlab.fuzz.example/api/v4/user/repos?page=9>; rel="last"' | seed links link
printf '\x01{"k":"bitbucket","ws":["a","b"],"next":"https://api.bitbucket.org/2.0/repositories/a?page=2","more_ws":null}' | seed links cursor
printf '\x02{"k":"url","u":"https://api.github.com/user/repos?page=2"}' | seed links url
printf '\x03/api/v1/user/repos?page=3' | seed links relative
printf '\x0012' | seed links next-page
for u in github.com https://ghe.corp.example/api/v3/ acme.ghe.com http://127.0.0.1:8080/gitlab/ 'https://gitlab.com/api/v4' 'https://codeberg.org/api/v1' 'https://bitbucket.org/' "$base/gitea"; do
  printf '%s\0group/sub/project' "$u" | seed base_url "$(echo "$u" | md5sum | cut -c1-8)"
done
# link_rule: web address \0 link \0 repository.
i=0
for l in 'https://github.com\0https://github.com/o/r/pull/1\0o/r' 'https://github.com\0file:///etc/passwd#x\0o/r' \
  'http://127.0.0.1:8080/gitlab\0http://127.0.0.1:8080/gitlab/g/sub/p/-/merge_requests/3\0g/sub/p' \
  'https://bitbucket.org\0https://user@bitbucket.org/ws/s/pull-requests/4\0ws/s' \
  'https://gítea.example\0HTTPS://GÍTEA.example/o/r/pulls/5\0o/r' 'https://github.com\0javascript:alert(1)\0../x'; do
  i=$((i + 1)); printf "$l" | seed link_rule "seed$i"
done
for t in "$GH" "$GL" "$BB" "$GT" "  $GH
" 'github_pat_11AAAAAA' "@$BB_USER
$BB" 'ATBB1234567890'; do printf '%s' "$t" | seed token_shape "$(printf '%s' "$t" | md5sum | cut -c1-8)"; done
printf '{"refreshIntervalSecs":120,"notifications":{"enabled":true,"quietHours":{"enabled":true,"start":"22:00","end":"07:00"}},"theme":"dark","startAtLogin":false,"closeToTray":true,"defaultSection":"mine","ciRecheckSecs":900}' | seed settings full
printf '{"refreshIntervalSecs":"often","theme":"neon","notifications":[]}' | seed settings broken
printf '\x05acc-1ghp_secret' | seed vault_envelope token
printf '\x01\x0c0123456789ab0123456789abcdef0123' | seed vault_envelope envelope
# The fuzz targets' accounts live on these hosts: point the answers' links there.
find "$out" -type f -exec sed -i -e "s#$base/gitlab#https://gitlab.fuzz.example#g" \
  -e "s#$base/gitea#https://gitea.fuzz.example#g" -e "s#$base/bitbucket#https://api.bitbucket.org#g" \
  -e "s#$base/github/api/v3#https://api.github.com#g" {} +
echo "seeds in $out: $(find "$out" -type f | wc -l) files"
