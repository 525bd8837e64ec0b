#!/bin/sh
# The toggle as three curl calls: discover the UAA from the Cloud Controller root, get a
# client-credentials token, start the app through v3. The yardstick for bench/toggler-cold-start.
set -eu
usage="usage: CF_API=... CF_CLIENT_ID=... CF_CLIENT_SECRET=... bench/curl-toggle.sh APP_GUID"
[ $# -eq 1 ] || { echo "$0: one argument, the app's GUID" >&2; echo "$usage" >&2; exit 2; }
for var in CF_API CF_CLIENT_ID CF_CLIENT_SECRET; do
  eval "value=\${$var:-}"
  [ -n "$value" ] || { echo "$0: $var is not set" >&2; echo "$usage" >&2; exit 2; }
done
command -v curl >/dev/null 2>&1 || { echo "$0: needs curl, which is not on the PATH" >&2; exit 1; }
guid=$1
uaa=$(curl -fsS "$CF_API/" | tr -d ' \n' | sed -n 's/.*"uaa":{"href":"\([^"]*\)".*/\1/p')
[ -n "$uaa" ] || { echo "$0: $CF_API/ names no UAA (links.uaa.href)" >&2; exit 1; }
token=$(curl -fsS -u "$CF_CLIENT_ID:$CF_CLIENT_SECRET" -d grant_type=client_credentials \
  "$uaa/oauth/token" | tr -d ' \n' | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "$0: the UAA at $uaa gave no access_token" >&2; exit 1; }
curl -fsS -o /dev/null -X POST -H "Authorization: bearer $token" \
  "$CF_API/v3/apps/$guid/actions/start"
