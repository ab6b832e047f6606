package io.ujrpc.benchmarks.loadgen;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.Future;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One load run: opens the connections, lets them run the {@link Plan}, and sums up.
 */
final class LoadRun {

	private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private final Options options;

	LoadRun(Options options) {
		this.options = options;
	}

	ObjectNode run() throws InterruptedException {
		boolean epoll = useEpoll();
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(this.options.threads,
				epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
		try {
			long now = System.nanoTime();
			long start = now + START_DELAY_NANOS;
			long measureStart = start + this.options.warmup.toNanos();
			long end = measureStart + this.options.duration.toNanos();
			double interval = (this.options.rate > 0) ? 1e9 * this.options.connections / this.options.rate : 0;
			Plan plan = new Plan(start, measureStart, end, this.options.connections, this.options.pipeline, interval,
					this.options.newConnection);
			Stats stats = new Stats(plan);
			Transport transport = transport();
			List<LoadConnection> connections = new ArrayList<>();
			for (int i = 0; i < this.options.connections; i++) {
				EventLoop loop = group.next();
				Bootstrap bootstrap = new Bootstrap().group(loop)
					.channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
					.option(ChannelOption.TCP_NODELAY, true)
					.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000);
				connections.add(new LoadConnection(loop, bootstrap, transport, plan, stats, i,
						this.options.connections <= this.options.threads));
			}
			connections.forEach(LoadConnection::start);
			sleepUntil(end);
			long drainDeadline = end + this.options.drain.toNanos();
			while (System.nanoTime() < drainDeadline && connections.stream().anyMatch((c) -> c.inflight() > 0)) {
				Thread.sleep(5);
			}
			List<Future<?>> stops = new ArrayList<>();
			connections.forEach((c) -> stops.add(c.stop()));
			for (Future<?> stop : stops) {
				stop.await(5, TimeUnit.SECONDS);
			}
			return result(stats, epoll ? "epoll" : "nio");
		}
		finally {
			group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
		}
	}

	private boolean useEpoll() {
		String name = this.options.transport;
		if (name == null) {
			return Epoll.isAvailable();
		}
		return switch (name) {
			case "nio" -> false;
			case "epoll" -> {
				if (!Epoll.isAvailable()) {
					throw new IllegalStateException("--transport epoll: unavailable", Epoll.unavailabilityCause());
				}
				yield true;
			}
			default -> throw new IllegalArgumentException("--transport: " + name + " (expected: epoll or nio)");
		};
	}

	private Transport transport() {
		String scheme = this.options.url.getScheme();
		String host = this.options.url.getHost();
		int port = this.options.url.getPort();
		if ("http".equals(scheme)) {
			String path = (this.options.url.getRawPath() == null || this.options.url.getRawPath().isEmpty()) ? "/"
					: this.options.url.getRawPath();
			InetSocketAddress address = new InetSocketAddress(host, (port != -1) ? port : 80);
			return new HttpTransport(address, path, this.options.body, this.options.newConnection);
		}
		if ("tcp".equals(scheme)) {
			if (port == -1) {
				throw new IllegalArgumentException("--url: " + this.options.url + " (expected: tcp://host:port)");
			}
			return new TcpTransport(new InetSocketAddress(host, port), this.options.body);
		}
		throw new IllegalArgumentException("--url: " + this.options.url + " (expected: http:// or tcp://)");
	}

	private ObjectNode result(Stats stats, String transport) {
		Histogram histogram = stats.histogram();
		double seconds = this.options.duration.toNanos() / 1e9;
		ObjectNode result = JsonMapper.shared().createObjectNode();
		this.options.labels.forEach(result::put);
		result.put("url", this.options.url.toString());
		result.put("mode", (this.options.rate > 0) ? "open" : "closed");
		result.put("connections", this.options.connections);
		result.put("pipeline", this.options.pipeline);
		result.put("new_connection", this.options.newConnection);
		result.put("target_rps", this.options.rate);
		result.put("duration_s", seconds);
		result.put("requests", stats.completed.sum());
		result.put("rps", Math.round(stats.completed.sum() / seconds * 10) / 10.0);
		result.put("p50_us", micros(histogram.getValueAtPercentile(50)));
		result.put("p90_us", micros(histogram.getValueAtPercentile(90)));
		result.put("p99_us", micros(histogram.getValueAtPercentile(99)));
		result.put("p999_us", micros(histogram.getValueAtPercentile(99.9)));
		result.put("max_us", micros(histogram.getMaxValue()));
		result.put("mean_us", micros((long) histogram.getMean()));
		result.put("errors", stats.errors.sum());
		result.put("non2xx", stats.non2xx.sum());
		result.put("timeouts", stats.timeouts.sum());
		result.put("unsent", stats.unsent.sum());
		result.put("sent", stats.sent.sum());
		result.put("generator_transport", transport);
		return result;
	}

	private static double micros(long nanos) {
		return Math.round(nanos / 100.0) / 10.0;
	}

	private static void sleepUntil(long deadline) throws InterruptedException {
		long remaining;
		while ((remaining = deadline - System.nanoTime()) > 0) {
			TimeUnit.NANOSECONDS.sleep(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)));
		}
	}

}
