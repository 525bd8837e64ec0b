#!/bin/sh
# The toggle as three curl calls: discover the UAA from the Cloud Controller root, get a
# client-credentials token, start the app through v3. The yardstick for bench/toggler-cold-start.
# Usage: CF_API=... CF_CLIENT_ID=... CF_CLIENT_SECRET=... curl-toggle.sh APP_GUID
set -eu
guid=$1
uaa=$(curl -fsS "$CF_API/" | tr -d ' \n' | sed -n 's/.*"uaa":{"href":"\([^"]*\)".*/\1/p')
token=$(curl -fsS -u "$CF_CLIENT_ID:$CF_CLIENT_SECRET" -d grant_type=client_credentials \
  "$uaa/oauth/token" | tr -d ' \n' | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
curl -fsS -o /dev/null -X POST -H "Authorization: bearer $token" \
  "$CF_API/v3/apps/$guid/actions/start"
