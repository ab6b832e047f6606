package io.ujrpc.autoconfigure;

import java.time.Duration;

import io.ujrpc.server.transport.TransportType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the ujrpc JSON-RPC server. The port, address, shutdown mode and header
 * size limit come from Spring Boot's own {@code server.*} properties.
 */
@ConfigurationProperties("ujrpc")
public class UjrpcProperties {

	/**
	 * I/O transport: auto (io_uring, else epoll, else NIO), io_uring, epoll or nio.
	 */
	private TransportType transport = TransportType.AUTO;

	/**
	 * Number of I/O threads; 0 means one per available processor.
	 */
	private int ioThreads;

	/**
	 * Largest number of calls accepted in one batch.
	 */
	private int maxBatchSize = 1000;

	private final Http http = new Http();

	private final Blocking blocking = new Blocking();

	private final Errors errors = new Errors();

	public TransportType getTransport() {
		return this.transport;
	}

	public void setTransport(TransportType transport) {
		this.transport = transport;
	}

	public int getIoThreads() {
		return this.ioThreads;
	}

	public void setIoThreads(int ioThreads) {
		this.ioThreads = ioThreads;
	}

	public int getMaxBatchSize() {
		return this.maxBatchSize;
	}

	public void setMaxBatchSize(int maxBatchSize) {
		this.maxBatchSize = maxBatchSize;
	}

	public Http getHttp() {
		return this.http;
	}

	public Blocking getBlocking() {
		return this.blocking;
	}

	public Errors getErrors() {
		return this.errors;
	}

	/**
	 * HTTP listener settings.
	 */
	public static class Http {

		/**
		 * Path that JSON-RPC requests are POSTed to.
		 */
		private String path = "/";

		/**
		 * Largest request body accepted; larger ones are answered with 413.
		 */
		private DataSize maxContentLength = DataSize.ofMegabytes(5);

		/**
		 * Longest request line accepted; longer ones are answered with 414.
		 */
		private DataSize maxInitialLineLength = DataSize.ofKilobytes(4);

		/**
		 * Time after which an idle keep-alive connection is closed; 0 keeps it open.
		 */
		private Duration idleTimeout = Duration.ofSeconds(60);

		/**
		 * Number of pipelined requests one connection may have in flight before the
		 * server stops reading from it.
		 */
		private int maxPipelinedRequests = 1024;

		/**
		 * Length of the queue of connections waiting to be accepted.
		 */
		private int backlog = 1024;

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public DataSize getMaxContentLength() {
			return this.maxContentLength;
		}

		public void setMaxContentLength(DataSize maxContentLength) {
			this.maxContentLength = maxContentLength;
		}

		public DataSize getMaxInitialLineLength() {
			return this.maxInitialLineLength;
		}

		public void setMaxInitialLineLength(DataSize maxInitialLineLength) {
			this.maxInitialLineLength = maxInitialLineLength;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public int getMaxPipelinedRequests() {
			return this.maxPipelinedRequests;
		}

		public void setMaxPipelinedRequests(int maxPipelinedRequests) {
			this.maxPipelinedRequests = maxPipelinedRequests;
		}

		public int getBacklog() {
			return this.backlog;
		}

		public void setBacklog(int backlog) {
			this.backlog = backlog;
		}

	}

	/**
	 * Settings of the executor that runs methods not marked non-blocking.
	 */
	public static class Blocking {

		/**
		 * Kind of executor: auto (virtual threads on Java 21+, else a bounded pool),
		 * virtual or platform.
		 */
		private ExecutorKind executor = ExecutorKind.AUTO;

		/**
		 * Most platform threads of the bounded pool.
		 */
		private int maxThreads = 200;

		/**
		 * Most calls waiting for a platform thread; beyond it calls are answered with a
		 * "Server busy" error.
		 */
		private int queueCapacity = 10_000;

		public ExecutorKind getExecutor() {
			return this.executor;
		}

		public void setExecutor(ExecutorKind executor) {
			this.executor = executor;
		}

		public int getMaxThreads() {
			return this.maxThreads;
		}

		public void setMaxThreads(int maxThreads) {
			this.maxThreads = maxThreads;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		/**
		 * The kinds of blocking executor.
		 */
		public enum ExecutorKind {

			/**
			 * Virtual threads where the JDK has them, else a bounded pool.
			 */
			AUTO,

			/**
			 * A virtual thread per call; needs Java 21 or later.
			 */
			VIRTUAL,

			/**
			 * A bounded pool of platform threads.
			 */
			PLATFORM

		}

	}

	/**
	 * How errors are reported to clients.
	 */
	public static class Errors {

		/**
		 * Whether an unexpected exception's type and message are sent to the client in
		 * the error's data; off by default, as they may reveal internals.
		 */
		private boolean includeDetails;

		public boolean isIncludeDetails() {
			return this.includeDetails;
		}

		public void setIncludeDetails(boolean includeDetails) {
			this.includeDetails = includeDetails;
		}

	}

}
