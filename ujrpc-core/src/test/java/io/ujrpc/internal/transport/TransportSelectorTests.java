package io.ujrpc.internal.transport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.ujrpc.server.transport.TransportType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransportSelectorTests {

	private static final String DISABLED = "Native transport was explicit disabled with -Dio.netty.transport.noNative=true";

	@Test
	void nioIsAlwaysAvailable() {
		Transport transport = TransportSelector.select(TransportType.NIO);
		assertThat(transport.type()).isEqualTo(TransportType.NIO);
		assertThat(transport.serverChannelClass()).isEqualTo(NioServerSocketChannel.class);
		assertThat(transport.fallbackReason()).isNull();
	}

	@Test
	void autoPrefersIoUring() {
		Assumptions.assumeTrue(IoUring.isAvailable(),
				() -> "io_uring is unavailable here: " + IoUring.unavailabilityCause());
		Transport transport = TransportSelector.select(TransportType.AUTO);
		assertThat(transport.type()).isEqualTo(TransportType.IO_URING);
		assertThat(transport.serverChannelClass()).isEqualTo(IoUringServerSocketChannel.class);
		assertThat(transport.fallbackReason()).isNull();
	}

	@Test
	void epollWhenAskedFor() {
		Assumptions.assumeTrue(Epoll.isAvailable(), () -> "epoll is unavailable here: " + Epoll.unavailabilityCause());
		Transport transport = TransportSelector.select(TransportType.EPOLL);
		assertThat(transport.type()).isEqualTo(TransportType.EPOLL);
		assertThat(transport.serverChannelClass()).isEqualTo(EpollServerSocketChannel.class);
	}

	@Test
	void explicitlyConfiguredUnavailableTransportFailsClearlyAndAutoFallsBackToNio() throws Exception {
		// Native transports load once per JVM, so they are disabled in a JVM of their
		// own.
		List<String> lines = runWithoutNativeTransports("IO_URING", "EPOLL", "AUTO");
		assertThat(lines).containsExactly(
				"PROBE IO_URING failed: Transport 'io_uring' was configured but is unavailable: " + DISABLED
						+ " (use 'auto' to fall back to the best available transport)",
				"PROBE EPOLL failed: Transport 'epoll' was configured but is unavailable: " + DISABLED
						+ " (use 'auto' to fall back to the best available transport)",
				"PROBE AUTO started on NIO");
	}

	private static List<String> runWithoutNativeTransports(String... transports)
			throws IOException, InterruptedException {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		List<String> command = new java.util.ArrayList<>(
				List.of(java, "-Dio.netty.transport.noNative=true", "-cp", classPath, TransportProbe.class.getName()));
		command.addAll(List.of(transports));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("probe JVM finished").isTrue();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.exitValue()).as(output).isZero();
			return output.lines().filter((line) -> line.startsWith("PROBE ")).toList();
		}
		finally {
			process.destroyForcibly();
		}
	}

}
