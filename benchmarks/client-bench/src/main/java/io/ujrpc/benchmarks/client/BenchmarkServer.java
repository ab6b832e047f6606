package io.ujrpc.benchmarks.client;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.server.JsonRpcServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ujrpc server the client benchmark calls: {@code sum} on HTTP, WebSocket {@code /ws}
 * and raw TCP, one I/O thread. Runs until its standard input closes.
 * <p>
 * Arguments: HTTP port, TCP port.
 */
public final class BenchmarkServer {

	private BenchmarkServer() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		int tcpPort = Integer.parseInt(args[1]);
		MethodRegistry registry = MethodRegistry.builder(JsonMapper.builder().build())
			.addAnnotated(new Methods())
			.build();
		JsonRpcServer server = JsonRpcServer.builder(registry)
			.host("127.0.0.1")
			.port(port)
			.tcpPort(tcpPort)
			.webSocketPath("/ws")
			.ioThreads(1)
			.build()
			.start();
		System.out.println("ready");
		while (System.in.read() != -1) {
			// Wait for the benchmark to close our input.
		}
		server.stop();
	}

	/**
	 * The benchmark's one method.
	 */
	public static final class Methods {

		@JsonRpcMethod(nonBlocking = true)
		public long sum(long a, long b) {
			return a + b;
		}

	}

}
