#!/usr/bin/env bash
# usage: scripts/new-package.sh <dir> <name> "<description>" [dep...]
set -euo pipefail
dir=$1; name=$2; desc=$3; shift 3
mkdir -p "$dir/src"
deps=""
refs=""
for d in "$@"; do
  case "$d" in
    @tollgate/*) deps="$deps\"$d\": \"workspace:*\","
      short=${d#@tollgate/}
      for base in libs modules services; do [ -d "$base/$short" ] && refs="$refs{\"path\": \"$(realpath --relative-to="$dir" "$base/$short")\"},"; done ;;
    *) deps="$deps\"${d%@*}\": \"${d##*@}\"," ;;
  esac
done
deps=${deps%,}; refs=${refs%,}
cat > "$dir/package.json" <<JSON
{
  "name": "$name",
  "version": "0.1.0",
  "private": true,
  "description": "$desc",
  "main": "dist/index.js",
  "types": "dist/index.d.ts",
  "dependencies": { $deps }
}
JSON
cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "$(realpath --relative-to="$dir" tsconfig.base.json)",
  "compilerOptions": { "rootDir": "src", "outDir": "dist" },
  "include": ["src"],
  "references": [ $refs ]
}
JSON
[ -f "$dir/src/index.ts" ] || echo "export {};" > "$dir/src/index.ts"
