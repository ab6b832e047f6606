package io.ujrpc.benchmarks.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Resident memory per idle keep-alive connection: reads the server's RSS, opens
 * {@code connections} connections (a bounded number of connects at a time, so the accept
 * backlog never overflows), makes one call on each so the server holds a real keep-alive
 * connection, waits, reads the RSS again and reports the difference per answered
 * connection. The RSS is that of the given process and all its descendants (nginx's
 * workers).
 * <p>
 * {@code loadgen idle --url http://127.0.0.1:8085/ -c 10000 --pid PID [--settle 2s] [--timeout 30s] [--jcmd PATH]}
 * <p>
 * With {@code --jcmd}, a JVM server is told to collect its garbage
 * ({@code jcmd PID GC.run}) before each reading.
 */
final class IdleRun {

	private static final int CONNECTS_IN_FLIGHT = 256;

	private static final AttributeKey<Boolean> ANSWERED = AttributeKey.valueOf("answered");

	private IdleRun() {
	}

	static void main(String[] args) throws Exception {
		URI url = null;
		int connections = 10_000;
		long pid = -1;
		long settleMillis = 2000;
		long timeoutMillis = 30_000;
		String jcmd = null;
		Map<String, String> labels = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i += 2) {
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException(args[i] + ": missing value");
			}
			String value = args[i + 1];
			switch (args[i]) {
				case "--url" -> url = URI.create(value);
				case "-c", "--connections" -> connections = Integer.parseInt(value);
				case "--pid" -> pid = Long.parseLong(value);
				case "--settle" -> settleMillis = Options.duration(value).toMillis();
				case "--timeout" -> timeoutMillis = Options.duration(value).toMillis();
				case "--jcmd" -> jcmd = value;
				case "-l", "--label" ->
					labels.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
				default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		if (url == null || pid <= 0) {
			throw new IllegalArgumentException("--url http://host:port/ and --pid PID are required");
		}
		InetSocketAddress address = new InetSocketAddress(url.getHost(), url.getPort());
		String path = url.getRawPath().isEmpty() ? "/" : url.getRawPath();
		byte[] body = new Options().body;
		byte[] request = ("POST " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
				+ "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n"
				+ new String(body, StandardCharsets.UTF_8))
			.getBytes(StandardCharsets.UTF_8);
		fullGc(jcmd, pid);
		long rssBefore = rssKb(pid);
		boolean epoll = Epoll.isAvailable();
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
				epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
		ConcurrentLinkedQueue<Channel> open = new ConcurrentLinkedQueue<>();
		AtomicInteger answered = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
		long start = System.nanoTime();
		long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		try {
			Bootstrap bootstrap = new Bootstrap().group(group)
				.channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
				.option(ChannelOption.TCP_NODELAY, true)
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
				.handler(new ChannelInitializer<>() {

					@Override
					protected void initChannel(Channel channel) {
						channel.pipeline()
							.addLast(new HttpResponseDecoder(), new SimpleChannelInboundHandler<HttpObject>() {

								@Override
								protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
									if (msg instanceof LastHttpContent && !ctx.channel().hasAttr(ANSWERED)) {
										ctx.channel().attr(ANSWERED).set(Boolean.TRUE);
										answered.incrementAndGet();
										inFlight.release();
									}
								}

							});
					}

				});
			int attempted = 0;
			for (; attempted < connections; attempted++) {
				long left = deadline - System.nanoTime();
				if (left <= 0 || !inFlight.tryAcquire(left, TimeUnit.NANOSECONDS)) {
					break;
				}
				ChannelFuture connect = bootstrap.connect(address);
				connect.addListener((f) -> {
					if (f.isSuccess()) {
						open.add(connect.channel());
						connect.channel().writeAndFlush(Unpooled.wrappedBuffer(request));
						connect.channel().closeFuture().addListener((c) -> {
							if (!connect.channel().hasAttr(ANSWERED)) {
								failed.incrementAndGet();
								inFlight.release();
							}
						});
					}
					else {
						failed.incrementAndGet();
						inFlight.release();
					}
				});
			}
			while (System.nanoTime() < deadline && answered.get() + failed.get() < attempted) {
				Thread.sleep(20);
			}
			double setupSeconds = (System.nanoTime() - start) / 1e9;
			Thread.sleep(settleMillis);
			fullGc(jcmd, pid);
			long rssAfter = rssKb(pid);
			long stillOpen = open.stream().filter(Channel::isActive).count();
			int held = answered.get();
			ObjectNode result = JsonMapper.shared().createObjectNode();
			labels.forEach(result::put);
			result.put("url", url.toString());
			result.put("mode", "idle");
			result.put("connections", connections);
			result.put("requests", held);
			result.put("open_at_end", stillOpen);
			result.put("rss_before_kb", rssBefore);
			result.put("rss_after_kb", rssAfter);
			double perConnection = (held > 0) ? (double) (rssAfter - rssBefore) / held : 0;
			result.put("kb_per_connection", Math.round(perConnection * 100) / 100.0);
			result.put("setup_s", Math.round(setupSeconds * 100) / 100.0);
			result.put("errors", connections - held);
			System.err.printf(Locale.ROOT,
					"idle: %d of %d connections answered (%d still open), RSS %d -> %d KB: %.2f KB per connection%n",
					held, connections, stillOpen, rssBefore, rssAfter, perConnection);
			System.out.println(result);
		}
		finally {
			List<ChannelFuture> closes = new ArrayList<>();
			open.forEach((channel) -> closes.add(channel.close()));
			for (ChannelFuture close : closes) {
				close.await(1, TimeUnit.SECONDS);
			}
			group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
		}
	}

	/**
	 * Collects the garbage of a JVM server before its memory is read, so both readings
	 * see a heap of live objects only and a collection in between does not make the
	 * difference meaningless (or negative).
	 */
	private static void fullGc(String jcmd, long pid) throws IOException, InterruptedException {
		if (jcmd == null) {
			return;
		}
		Process process = new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IOException(jcmd + " " + pid + " GC.run: no answer within 30 s");
		}
		Thread.sleep(500);
	}

	/** Resident set of a process and its descendants, in KB. */
	static long rssKb(long pid) throws IOException {
		long total = 0;
		Path status = Path.of("/proc", Long.toString(pid), "status");
		if (!Files.exists(status)) {
			throw new IOException("no process " + pid);
		}
		for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
			if (line.startsWith("VmRSS:")) {
				total += Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		Path tasks = Path.of("/proc", Long.toString(pid), "task");
		try (var stream = Files.list(tasks)) {
			for (Path task : (Iterable<Path>) stream::iterator) {
				Path children = task.resolve("children");
				if (Files.exists(children)) {
					for (String child : Files.readString(children).trim().split("\\s+")) {
						if (!child.isEmpty()) {
							total += rssKb(Long.parseLong(child));
						}
					}
				}
			}
		}
		return total;
	}

}
