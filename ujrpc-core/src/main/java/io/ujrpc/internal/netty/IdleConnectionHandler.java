package io.ujrpc.internal.netty;

import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import io.ujrpc.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * Reports a connection that has neither read nor written for a timeout with an
 * {@link IdleStateEvent} of the all-idle kind, as Netty's {@code IdleStateHandler(0, 0,
 * timeout)} does, without its cost per message: no clock read per read, no promise and
 * listener per write. Reads and writes only mark the connection active; a check every
 * quarter of the timeout sees whether it was, and the event fires after four quiet checks
 * in a row, so between the timeout and a quarter more after the last read or write began.
 * <p>
 * As with Netty's handler, a write that takes longer than the timeout to complete does
 * not keep the connection busy by itself: the handler that acts on the event decides (see
 * {@link OrderedConnectionHandler}).
 */
public final class IdleConnectionHandler extends ChannelDuplexHandler {

	private static final int QUIET_CHECKS = 4;

	private final long checkNanos;

	/** Whether the connection read or wrote since the last check. */
	private boolean active;

	private int quietChecks;

	private boolean firstEvent = true;

	private @Nullable Future<?> check;

	/**
	 * Create a handler.
	 * @param timeoutNanos the idle timeout, in nanoseconds (greater than zero)
	 */
	public IdleConnectionHandler(long timeoutNanos) {
		this.checkNanos = Math.max(1, Checks.positive("timeoutNanos", timeoutNanos) / QUIET_CHECKS);
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
			schedule(ctx);
		}
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		if (this.check == null) {
			schedule(ctx);
		}
		super.channelActive(ctx);
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		cancel();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		cancel();
		super.channelInactive(ctx);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		this.active = true;
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		this.active = true;
		ctx.write(msg, promise);
	}

	private void schedule(ChannelHandlerContext ctx) {
		this.check = ctx.executor().schedule(() -> check(ctx), this.checkNanos, TimeUnit.NANOSECONDS);
	}

	private void check(ChannelHandlerContext ctx) {
		if (!ctx.channel().isOpen() || ctx.isRemoved()) {
			return;
		}
		if (this.active) {
			this.active = false;
			this.quietChecks = 0;
			this.firstEvent = true;
		}
		else if (++this.quietChecks >= QUIET_CHECKS) {
			this.quietChecks = 0;
			IdleStateEvent event = this.firstEvent ? IdleStateEvent.FIRST_ALL_IDLE_STATE_EVENT
					: IdleStateEvent.ALL_IDLE_STATE_EVENT;
			this.firstEvent = false;
			ctx.fireUserEventTriggered(event);
		}
		if (ctx.channel().isOpen() && !ctx.isRemoved()) {
			schedule(ctx);
		}
	}

	private void cancel() {
		Future<?> check = this.check;
		if (check != null) {
			check.cancel(false);
			this.check = null;
		}
	}

}
