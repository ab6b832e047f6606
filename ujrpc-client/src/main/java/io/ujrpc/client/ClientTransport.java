package io.ujrpc.client;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O transport of a client's connections: io_uring where the kernel has it, else
 * epoll, else NIO, as for the server.
 *
 * @param name the transport's name, for logs
 * @param ioHandlerFactory the I/O handler of the event loops
 * @param channelType the socket channel class
 */
record ClientTransport(String name, IoHandlerFactory ioHandlerFactory, Class<? extends SocketChannel> channelType) {

	private static final Logger logger = LoggerFactory.getLogger(ClientTransport.class);

	static ClientTransport select() {
		try {
			if (IoUring.isAvailable()) {
				logger.debug("Using io_uring transport");
				return new ClientTransport("io_uring", IoUringIoHandler.newFactory(), IoUringSocketChannel.class);
			}
			logger.debug("io_uring unavailable ({}); trying epoll", IoUring.unavailabilityCause().toString());
		}
		catch (LinkageError ex) {
			logger.debug("io_uring unavailable ({}); trying epoll", ex.toString());
		}
		try {
			if (Epoll.isAvailable()) {
				logger.debug("Using epoll transport");
				return new ClientTransport("epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class);
			}
			logger.debug("epoll unavailable ({}); using NIO", Epoll.unavailabilityCause().toString());
		}
		catch (LinkageError ex) {
			logger.debug("epoll unavailable ({}); using NIO", ex.toString());
		}
		return new ClientTransport("nio", NioIoHandler.newFactory(), NioSocketChannel.class);
	}

	static ClientTransport nio() {
		return new ClientTransport("nio", NioIoHandler.newFactory(), NioSocketChannel.class);
	}

}
