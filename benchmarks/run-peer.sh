#!/usr/bin/env bash
# Runs one benchmark peer in the foreground on its default port (Ctrl-C or SIGTERM stops it).
# Build first: mvn -f benchmarks/pom.xml package   (add -pl '!peer-ujrpc' until the starter is installed)
#   run-peer.sh tomcat|webflux|webflux-epoll|vertx|vertx-io_uring|jsonrpc4j|ujrpc|nginx [extra args]
# JAVA (default: java) picks the JVM, JAVA_OPTS adds JVM options, e.g. JAVA_OPTS=-Xmx1g.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
java="${JAVA:-java}"
peer="${1:?usage: run-peer.sh tomcat|webflux|webflux-epoll|vertx|vertx-io_uring|jsonrpc4j|ujrpc|nginx [args]}"
shift
# shellcheck disable=SC2086
case "$peer" in
	tomcat) exec "$java" ${JAVA_OPTS:-} -jar "$here/peer-tomcat/target/peer-tomcat.jar" "$@" ;;
	webflux) exec "$java" ${JAVA_OPTS:-} -jar "$here/peer-webflux/target/peer-webflux.jar" --peer.transport=io_uring "$@" ;;
	webflux-epoll) exec "$java" ${JAVA_OPTS:-} -jar "$here/peer-webflux/target/peer-webflux.jar" --peer.transport=epoll "$@" ;;
	vertx) exec "$java" ${JAVA_OPTS:-} -jar "$here/peer-vertx/target/peer-vertx.jar" --transport=epoll "$@" ;;
	vertx-io_uring) exec "$java" ${JAVA_OPTS:-} -jar "$here/peer-vertx/target/peer-vertx.jar" --transport=io_uring "$@" ;;
	jsonrpc4j) exec "$java" ${JAVA_OPTS:-} -jar "$here/peer-jsonrpc4j/target/peer-jsonrpc4j.jar" "$@" ;;
	ujrpc) exec "$java" ${JAVA_OPTS:-} -jar "$here/peer-ujrpc/target/peer-ujrpc.jar" "$@" ;;
	nginx) exec "$here/nginx/run-nginx.sh" "$@" ;;
	*) echo "unknown peer: $peer" >&2; exit 2 ;;
esac
