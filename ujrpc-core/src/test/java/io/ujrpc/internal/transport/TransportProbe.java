package io.ujrpc.internal.transport;

import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.server.JsonRpcServer;
import io.ujrpc.server.transport.TransportType;
import io.ujrpc.server.transport.TransportUnavailableException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts a server on each transport named in the arguments and prints what happened, one
 * line each, for {@link TransportSelectorTests} to run in a JVM whose native transports
 * are disabled.
 */
final class TransportProbe {

	private TransportProbe() {
	}

	public static void main(String[] args) {
		MethodRegistry registry = MethodRegistry.builder(JsonMapper.builder().build()).build();
		for (String arg : args) {
			JsonRpcServer server = JsonRpcServer.builder(registry)
				.port(0)
				.transport(TransportType.valueOf(arg))
				.build();
			try {
				server.start();
				System.out.println("PROBE " + arg + " started on " + server.transport());
			}
			catch (TransportUnavailableException ex) {
				System.out.println("PROBE " + arg + " failed: " + ex.getMessage());
			}
			finally {
				server.stop();
			}
		}
	}

}
