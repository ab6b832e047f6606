package io.ujrpc.internal.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.ujrpc.server.transport.TransportType;
import org.jspecify.annotations.Nullable;

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
		Class<? extends ServerChannel> serverChannelClass, @Nullable String fallbackReason) {

}
