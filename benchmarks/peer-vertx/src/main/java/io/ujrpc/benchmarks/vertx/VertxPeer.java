package io.ujrpc.benchmarks.vertx;

import java.util.Locale;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.transport.Transport;

/**
 * Starts the Vert.x peer: one {@link JsonRpcVerticle} per core, as Vert.x recommends.
 * <p>
 * Options come as system properties or {@code --name=value} arguments: {@code port}
 * (default 8083), {@code transport} ({@code epoll}, the default, {@code io_uring} or
 * {@code nio}) and {@code app} ({@code numpy} for the NumPy RPC benchmark's echo, see
 * {@link NumpyEchoVerticle}; else the JSON-RPC methods of the other benchmarks).
 */
public final class VertxPeer {

	private VertxPeer() {
	}

	public static void main(String[] args) {
		for (String arg : args) {
			if (arg.startsWith("--") && arg.contains("=")) {
				System.setProperty(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
			}
		}
		int port = Integer.getInteger("port", 8083);
		Transport transport = transport(System.getProperty("transport", "epoll"));
		int instances = Runtime.getRuntime().availableProcessors();
		Vertx vertx = Vertx.builder().withTransport(transport).build();
		boolean numpy = "numpy".equals(System.getProperty("app"));
		vertx
			.deployVerticle(() -> numpy ? new NumpyEchoVerticle(port) : new JsonRpcVerticle(port),
					new DeploymentOptions().setInstances(instances))
			.onSuccess((id) -> System.out.printf("Vert.x peer listening on port %d with %d verticles, transport %s%n",
					port, instances, transport.name()))
			.onFailure((ex) -> {
				ex.printStackTrace();
				vertx.close();
			});
	}

	private static Transport transport(String name) {
		Transport transport = switch (name.toLowerCase(Locale.ROOT)) {
			case "nio" -> Transport.NIO;
			case "epoll" -> Transport.EPOLL;
			case "io_uring", "iouring" -> Transport.IO_URING;
			default -> throw new IllegalArgumentException("transport: " + name + " (expected: nio, epoll or io_uring)");
		};
		if (!transport.available()) {
			System.out.printf("%s unavailable (%s); using nio%n", transport.name(), transport.unavailabilityCause());
			return Transport.NIO;
		}
		return transport;
	}

}
