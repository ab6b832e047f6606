import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;

import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.server.JsonRpcServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server the attack runs aim at: ujrpc-core alone, with every limit at its default
 * except the ports and, when given, the connection limit (and the listen backlog, with
 * -Dattack.backlog=n, and the transport, with -Dattack.transport=EPOLL, say).
 * java -cp <ujrpc-core classpath> AttackServer.java <http port> <tcp port> [max connections]
 */
public class AttackServer {

	public static void main(String[] args) {
		int port = Integer.parseInt(args[0]);
		int tcpPort = Integer.parseInt(args[1]);
		MethodRegistry registry = MethodRegistry.builder(JsonMapper.builder().build()).addAnnotated(new Methods()).build();
		JsonRpcServer.Builder builder = JsonRpcServer.builder(registry)
			.host("127.0.0.1")
			.port(port)
			.tcpPort(tcpPort)
			.webSocketPath("/ws");
		String transport = System.getProperty("attack.transport");
		if (transport != null) {
			builder.transport(io.ujrpc.server.transport.TransportType.valueOf(transport));
		}
		Integer backlog = Integer.getInteger("attack.backlog");
		if (backlog != null) {
			builder.backlog(backlog);
		}
		if (args.length > 2) {
			builder.maxConnections(Integer.parseInt(args[2]));
		}
		JsonRpcServer server = builder.build().start();
		System.out.println("attack-server ready maxBufferedBytes=" + server.config().maxBufferedBytes()
				+ " maxConnections=" + server.config().maxConnections() + " backlog=" + server.config().backlog());
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
	}

	public static class Methods {

		@JsonRpcMethod(nonBlocking = true)
		public long sum(long a, long b) {
			return a + b;
		}

		/** 0..n-1: range(20000) is a response of about 109 KB. */
		@JsonRpcMethod(nonBlocking = true)
		public List<Integer> range(int n) {
			List<Integer> values = new ArrayList<>(Math.min(Math.max(n, 0), 1_000_000));
			for (int i = 0; i < n && i < 1_000_000; i++) {
				values.add(i);
			}
			return values;
		}

		@JsonRpcMethod(nonBlocking = true)
		public String echo(String text) {
			return text;
		}

		/**
		 * Where the memory is, in MB: the committed and used heap, the direct memory of
		 * Netty's allocator (its own count, and its metric) and the JDK's direct buffers.
		 * Unless Netty allocates without a cleaner (it needs reflective access to the JDK's
		 * internals for that: not the case on JDK 17 by default), its buffers are JDK
		 * direct buffers too, in both counts.
		 */
		@JsonRpcMethod(nonBlocking = true)
		public String memory() {
			MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
			ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
			long allocatorDirect = (allocator instanceof ByteBufAllocatorMetricProvider provider)
					? provider.metric().usedDirectMemory() : -1;
			long jdkDirect = 0;
			for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
				if (pool.getName().equals("direct")) {
					jdkDirect = pool.getMemoryUsed();
				}
			}
			return "heap_committed=" + mb(heap.getCommitted()) + " heap_used=" + mb(heap.getUsed()) + " netty_direct="
					+ mb(PlatformDependent.usedDirectMemory()) + " netty_no_cleaner=" + PlatformDependent.useDirectBufferNoCleaner()
					+ " jdk_direct=" + mb(jdkDirect) + " allocator="
					+ allocator.getClass().getSimpleName() + " allocator_direct=" + mb(allocatorDirect) + " chunks="
					+ chunks(allocator);
		}

		/**
		 * The adaptive allocator's direct chunks that its size-class groups hold, by the size
		 * class they serve: "segment size:chunks in magazines+chunks cached=KiB", from its
		 * internals by reflection (a diagnostic for the attack runs, not an API; "n/a" when
		 * this Netty's allocator is laid out otherwise). Large buffers are not in it: on a
		 * heap of 512 MB or less they get chunks of their own, freed when released.
		 */
		static String chunks(ByteBufAllocator allocator) {
			try {
				Object pooling = field(allocator, "direct");
				StringBuilder out = new StringBuilder();
				long total = 0;
				for (Object group : (Object[]) field(pooling, "sizeClassedMagazineGroups")) {
					Object strategy = field(group, "chunkManagementStrategy");
					int segment = (int) field(strategy, "segmentSize");
					int chunkSize = (int) field(strategy, "chunkSize");
					int inMagazines = 0;
					for (Object magazine : (Object[]) field(group, "magazines")) {
						inMagazines += isChunk(field(magazine, "current")) + isChunk(field(magazine, "nextInLine"));
					}
					Object cache = field(group, "chunkCache");
					int cached = ((java.util.Collection<?>) field(cache, "queue")).size();
					if (inMagazines + cached > 0) {
						long kib = (long) (inMagazines + cached) * chunkSize / 1024;
						total += kib;
						out.append(segment).append(':').append(inMagazines).append('+').append(cached).append('=')
							.append(kib).append(',');
					}
				}
				return out.append("total=").append(total).append("KiB").toString();
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				return "n/a(" + ex + ")";
			}
		}

		/* 1 for a chunk, 0 for none or the allocator's "magazine freed" marker. */
		private static int isChunk(Object chunk) {
			return (chunk != null && chunk.getClass().getSimpleName().equals("SizeClassedChunk")) ? 1 : 0;
		}

		private static Object field(Object target, String name) throws ReflectiveOperationException {
			for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
				try {
					java.lang.reflect.Field field = type.getDeclaredField(name);
					field.setAccessible(true);
					return field.get(target);
				}
				catch (NoSuchFieldException ex) {
					// a superclass declares it
				}
			}
			throw new NoSuchFieldException(name);
		}

		private static long mb(long bytes) {
			return Math.round(bytes / 1048576.0);
		}

		@JsonRpcMethod
		public long sleep(long millis) throws InterruptedException {
			Thread.sleep(Math.min(millis, 5_000));
			return millis;
		}

	}

}
