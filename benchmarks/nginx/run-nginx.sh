#!/usr/bin/env bash
# Starts nginx in the foreground with a private prefix under /tmp, needing no root and
# touching no system files. Usage: run-nginx.sh [PORT]   (default 8086; Ctrl-C or SIGTERM stops it)
set -euo pipefail
port="${1:-8086}"
prefix="${NGINX_PREFIX:-/tmp/ujrpc-nginx-$port}"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$prefix"
sed -e "s|@PORT@|$port|g" -e "s|@PREFIX@|$prefix|g" "$here/nginx.conf.template" > "$prefix/nginx.conf"
nginx -t -q -e stderr -p "$prefix" -c "$prefix/nginx.conf"
echo "nginx constant-reply peer on 127.0.0.1:$port (prefix $prefix)"
exec nginx -e stderr -p "$prefix" -c "$prefix/nginx.conf" -g 'daemon off;'
