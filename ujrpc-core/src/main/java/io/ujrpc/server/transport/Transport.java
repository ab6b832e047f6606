package io.ujrpc.server.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;

/**
 * A transport chosen by {@link TransportSelector}: what to build the event loops and
 * server channels with.
 *
 * @param type the transport type, never {@link TransportType#AUTO}
 * @param ioHandlerFactory creates the I/O handler of each event loop
 * @param serverChannelClass the server socket channel class
 * @param fallbackReason why a preferred transport was passed over, or {@code null}
 */
public record Transport(TransportType type, IoHandlerFactory ioHandlerFactory,
		Class<? extends ServerChannel> serverChannelClass, String fallbackReason) {

}
