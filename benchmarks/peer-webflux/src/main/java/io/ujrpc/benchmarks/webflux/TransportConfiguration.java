package io.ujrpc.benchmarks.webflux;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.uring.IoUring;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Picks the server's transport with {@code peer.transport} and logs the one in use.
 * <p>
 * Reactor Netty 1.3 picks io_uring by itself when {@code netty-transport-native-io_uring}
 * is on the classpath and the kernel allows it, else epoll, else NIO
 * ({@code -Dreactor.netty.native=false} forces NIO). It has no switch for epoll while
 * io_uring is available, so {@code peer.transport=epoll} hands Boot a
 * {@link ReactorResourceFactory} whose loops are epoll loops, as many as Reactor Netty
 * would create.
 */
@Configuration(proxyBeanMethods = false)
class TransportConfiguration {

	private static final Log logger = LogFactory.getLog(TransportConfiguration.class);

	@Bean
	NettyServerCustomizer transportLogger(@Value("${peer.transport:io_uring}") String transport) {
		if (!"epoll".equals(transport) && !IoUring.isAvailable()) {
			logger.info("io_uring unavailable (" + IoUring.unavailabilityCause() + ")");
		}
		return (server) -> server.doOnBound((bound) -> logger
			.info("Using " + bound.channel().getClass().getSimpleName() + " (peer.transport=" + transport + ")"));
	}

	@Bean
	@ConditionalOnProperty(name = "peer.transport", havingValue = "epoll")
	ReactorResourceFactory epollResourceFactory() {
		if (!Epoll.isAvailable()) {
			throw new IllegalStateException("peer.transport=epoll but epoll is unavailable",
					Epoll.unavailabilityCause());
		}
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		factory.setLoopResources(new EpollLoopResources(LoopResources.DEFAULT_IO_WORKER_COUNT));
		return factory;
	}

	/** Epoll event loops for the server; the client side is not used by this app. */
	static final class EpollLoopResources implements LoopResources {

		private final EventLoopGroup group;

		EpollLoopResources(int threads) {
			this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("http-epoll", true),
					EpollIoHandler.newFactory());
		}

		@Override
		public EventLoopGroup onServer(boolean useNative) {
			return this.group;
		}

		@Override
		public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
			return Mono.create((sink) -> this.group
				.shutdownGracefully(quietPeriod.toMillis(), timeout.toMillis(), TimeUnit.MILLISECONDS)
				.addListener((future) -> sink.success()));
		}

	}

}
