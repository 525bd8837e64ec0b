#!/bin/sh
# Regenerates ../resources/robfig/cases.tsv from robfig/cron v3 (see README.md beside this file).
# Needs Debian's golang-go and golang-github-robfig-cron-dev; builds in GOPATH mode, offline.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../resources/robfig/cases.tsv"
mkdir -p "$(dirname "$out")"
cd "$here"
GO111MODULE=off GOFLAGS= GOPATH="/usr/share/gocode:${HOME}/go" go run gen.go > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $(grep -vc '^#' "$out") cases to $out"
