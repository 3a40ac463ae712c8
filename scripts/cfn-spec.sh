#!/usr/bin/env bash
# Fetches the CloudFormation resource specification database that the template tests validate
# against (the npm package @aws-cdk/aws-service-spec: resource types, properties, required flags,
# enums and GetAtt attributes), into a cache folder outside the repository, and prints the path of
# the database file (gzip-compressed JSON) on stdout. A second run reuses the cache and makes no
# network call.
#
#   CFN_SPEC_DB="$(scripts/cfn-spec.sh)" go test ./internal/agentcore/template/
#
# Only the package tarball is fetched (npm pack: the registry's integrity hash is checked); none of
# its JavaScript is installed or run.
#
# Environment (optional):
#   CFN_SPEC_CACHE_DIR   cache folder (default ${XDG_CACHE_HOME:-$HOME/.cache}/zscaler-mcp-cfnspec)
#   NPM                  the npm binary (default: npm on PATH)
set -euo pipefail

# --- pin: change here; the tests name the version they validated against -------------------------
SPEC_PACKAGE=@aws-cdk/aws-service-spec
SPEC_VERSION=0.1.216

cache="${CFN_SPEC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/zscaler-mcp-cfnspec}"
dir="$cache/aws-service-spec-$SPEC_VERSION"
db="$dir/db.json.gz"
log() { printf '[cfn-spec] %s\n' "$*" >&2; }

if [ -s "$db" ] && gzip -t "$db" 2>/dev/null; then
  printf '%s\n' "$db"
  exit 0
fi

npm=${NPM:-npm}
command -v "$npm" >/dev/null 2>&1 || { log "ERROR: npm not found; install Node.js (npm) or set NPM"; exit 1; }

mkdir -p "$cache"
work=$(mktemp -d "$cache/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT

log "fetching $SPEC_PACKAGE@$SPEC_VERSION from the npm registry"
(cd "$work" && "$npm" pack --silent --ignore-scripts "$SPEC_PACKAGE@$SPEC_VERSION" >pack.out 2>pack.err) || {
  cat "$work/pack.err" >&2
  log "ERROR: npm pack $SPEC_PACKAGE@$SPEC_VERSION failed"
  exit 1
}
tgz=$(find "$work" -maxdepth 1 -name '*.tgz' | head -n 1)
[ -n "$tgz" ] || { log "ERROR: npm pack wrote no tarball"; exit 1; }
tar -xzf "$tgz" -C "$work" package/db.json.gz package/package.json
gzip -t "$work/package/db.json.gz" || { log "ERROR: db.json.gz in the package is not valid gzip"; exit 1; }
got=$(node -p 'require(process.argv[1]).version' "$work/package/package.json" 2>/dev/null || true)
[ "$got" = "$SPEC_VERSION" ] || { log "ERROR: the package says version $got, expected $SPEC_VERSION"; exit 1; }

# Publish atomically ($work is in the cache folder, so this is a rename): a concurrent run sees
# either no folder or a complete one, and the loser of a race keeps the winner's copy.
mkdir -p "$work/out"
mv "$work/package/db.json.gz" "$work/out/db.json.gz"
printf '%s\n' "$SPEC_VERSION" >"$work/out/VERSION"
[ -s "$db" ] || rm -rf "$dir" # an incomplete earlier copy
mv -T "$work/out" "$dir" 2>/dev/null || true
[ -s "$db" ] || { log "ERROR: $db was not written"; exit 1; }
log "cached in $dir"
printf '%s\n' "$db"
