#!/usr/bin/env bash
# Runs one benchmark peer in the foreground on its default port (Ctrl-C or SIGTERM stops it).
# Build first: mvn -f benchmarks/pom.xml package   (add -pl '!peer-ujrpc' until the starter is installed)
#   run-peer.sh tomcat|webflux|webflux-epoll|vertx|vertx-io_uring|jsonrpc4j|ujrpc|ujrpc-metrics-off|nginx|fastapi|fastapi-workers [extra args]
# JAVA (default: java) picks the JVM, JAVA_OPTS adds JVM options, e.g. JAVA_OPTS=-Xmx1g; on JDK 24+ every Java
# peer gets --sun-misc-unsafe-memory-access=allow unless NETTY_UNSAFE=default.
# FASTAPI_VENV (default: benchmarks/target/fastapi-venv, which run.sh creates) holds FastAPI and uvicorn;
# FASTAPI_WORKERS (default: the number of online CPUs) is the number of uvicorn workers of fastapi-workers.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
java="${JAVA:-java}"
peer="${1:?usage: run-peer.sh tomcat|webflux|webflux-epoll|vertx|vertx-io_uring|jsonrpc4j|ujrpc|ujrpc-metrics-off|nginx|fastapi|fastapi-workers [args]}"
shift
venv="${FASTAPI_VENV:-$here/target/fastapi-venv}"
uvicorn() { # workers [args]
	local workers="$1"
	shift
	cd "$here/peer-fastapi"
	exec "$venv/bin/uvicorn" app:app --host 127.0.0.1 --port 8087 --workers "$workers" --loop uvloop --http httptools \
		--no-access-log --log-level warning "$@"
}
# Netty (every Java peer but Tomcat and jsonrpc4j runs on it) uses sun.misc.Unsafe on JDK 24+
# only when the JVM allows it (JEP 498): without it, pooled direct buffers copy through a new
# java.nio.ByteBuffer per buffer. Allowed for every Java peer alike, as docs/benchmarks.md
# recommends to users on JDK 24+; NETTY_UNSAFE=default leaves the JDK's default.
unsafe_opts=""
if [ "${NETTY_UNSAFE:-allow}" = allow ]; then
	spec="$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2; exit }')"
	if [ "${spec%%.*}" -ge 24 ] 2>/dev/null; then
		unsafe_opts="--sun-misc-unsafe-memory-access=allow"
	fi
fi
JAVA_OPTS="$unsafe_opts ${JAVA_OPTS:-}"
# shellcheck disable=SC2086
case "$peer" in
	tomcat) exec "$java" ${JAVA_OPTS:-} -jar "$here/peer-tomcat/target/peer-tomcat.jar" "$@" ;;
	webflux) exec "$java" ${JAVA_OPTS:-} -jar "$here/peer-webflux/target/peer-webflux.jar" --peer.transport=io_uring "$@" ;;
	webflux-epoll) exec "$java" ${JAVA_OPTS:-} -jar "$here/peer-webflux/target/peer-webflux.jar" --peer.transport=epoll "$@" ;;
	vertx) exec "$java" ${JAVA_OPTS:-} -jar "$here/peer-vertx/target/peer-vertx.jar" --transport=epoll "$@" ;;
	vertx-io_uring) exec "$java" ${JAVA_OPTS:-} -jar "$here/peer-vertx/target/peer-vertx.jar" --transport=io_uring "$@" ;;
	jsonrpc4j) exec "$java" ${JAVA_OPTS:-} -jar "$here/peer-jsonrpc4j/target/peer-jsonrpc4j.jar" "$@" ;;
	# metrics on: Actuator and the Prometheus registry, as the README tells users
	ujrpc) exec "$java" ${JAVA_OPTS:-} -jar "$here/peer-ujrpc/target/peer-ujrpc.jar" "$@" ;;
	ujrpc-metrics-off) exec "$java" ${JAVA_OPTS:-} -jar "$here/peer-ujrpc/target/peer-ujrpc.jar" --ujrpc.metrics.enabled=false "$@" ;;
	nginx) exec "$here/nginx/run-nginx.sh" "$@" ;;
	fastapi) uvicorn 1 "$@" ;;
	fastapi-workers) uvicorn "${FASTAPI_WORKERS:-$(getconf _NPROCESSORS_ONLN)}" "$@" ;;
	*) echo "unknown peer: $peer" >&2; exit 2 ;;
esac
