#!/usr/bin/env bash
# Builds the offline GraphQL IDE into Api/Transport/Ide/assets: one minified script, its stylesheet, and the
# licences of every package bundled into them. Run it after changing package.json (see docs/graphql-ide.md), then
# commit the output: the API serves these files as they are and never needs Node.
set -euo pipefail
cd "$(dirname "$0")"
out=../../Api/Transport/Ide/assets
meta=$(mktemp)
banner="KanbanCustomer GraphQL IDE: GraphiQL, React, graphql-js, graphql-ws and their dependencies; licences in THIRD-PARTY-LICENSES.txt beside this file"
trap 'rm -f "$meta"' EXIT

npm ci --no-audit --no-fund
mkdir -p "$out"
rm -f "$out"/graphiql.js "$out"/graphiql.css "$out"/THIRD-PARTY-LICENSES.txt
npx esbuild src/main.jsx --bundle --minify --format=iife --target=es2020 --jsx=automatic \
  --define:process.env.NODE_ENV='"production"' --legal-comments=none --charset=utf8 --log-level=warning \
  --banner:js="/*! $banner */" --banner:css="/*! $banner */" \
  --metafile="$meta" --outfile="$out/graphiql.js"
node licences.mjs "$meta" > "$out/THIRD-PARTY-LICENSES.txt"
ls -l "$out"
