package io.ujrpc.benchmarks.loadgen;

import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Drives one connection, confined to its event loop.
 * <p>
 * Open loop (wrk2-style): request {@code i} is due at
 * {@code start + (i + offset) * interval} whether or not the server kept up. A request is
 * sent when it is due and fewer than {@code depth} are in flight; its latency runs from
 * the time it was due, so a server that stalls is charged for every request it delayed
 * (no coordinated omission).
 * <p>
 * Closed loop (wrk-style): {@code depth} requests are written in one go and the next
 * batch follows once all of them are answered; latency runs from the real send time.
 */
final class LoadConnection implements Transport.ResponseListener {

	private static final long RECONNECT_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	/**
	 * Event loop timers fire some microseconds late, and an open loop charges that to the
	 * server. A connection alone on its event loop with nothing in flight spins through
	 * the last stretch before a due time instead: no other I/O can be waiting then.
	 */
	private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

	private final EventLoop loop;

	private final Bootstrap bootstrap;

	private final Transport transport;

	private final Plan plan;

	private final Stats stats;

	private final double offset;

	private final boolean alone;

	/** Start times of the requests in flight, oldest first. */
	private final LongQueue inflight = new LongQueue();

	private volatile int inflightCount;

	private Channel channel;

	private boolean connecting;

	private long next;

	private ScheduledFuture<?> timer;

	private boolean stopped;

	LoadConnection(EventLoop loop, Bootstrap bootstrap, Transport transport, Plan plan, Stats stats, int index,
			boolean alone) {
		this.alone = alone;
		this.loop = loop;
		this.bootstrap = bootstrap;
		this.transport = transport;
		this.plan = plan;
		this.stats = stats;
		// spread the connections' schedules evenly over one interval
		this.offset = (double) index / plan.connections();
	}

	void start() {
		this.loop.execute(this::pump);
	}

	int inflight() {
		return this.inflightCount;
	}

	/** Stops sending, counts what is left, closes the connection. */
	Future<?> stop() {
		return this.loop.submit(() -> {
			this.stopped = true;
			if (this.timer != null) {
				this.timer.cancel(false);
			}
			while (!this.inflight.isEmpty()) {
				this.stats.timedOut(this.inflight.poll());
			}
			if (this.plan.openLoop()) {
				for (long due; (due = due(this.next)) < this.plan.end(); this.next++) {
					if (this.plan.measured(due)) {
						this.stats.unsent.increment();
					}
				}
			}
			Channel current = this.channel;
			this.channel = null;
			return (current != null) ? current.close() : null;
		});
	}

	private long due(long request) {
		return this.plan.start() + (long) ((request + this.offset) * this.plan.intervalNanos());
	}

	private void pump() {
		if (this.stopped) {
			return;
		}
		long now = System.nanoTime();
		if (this.plan.openLoop()) {
			pumpOpenLoop(now);
		}
		else {
			pumpClosedLoop(now);
		}
	}

	private void pumpOpenLoop(long now) {
		if (this.inflight.size() >= this.plan.depth()) {
			return; // the next response pumps again
		}
		long due = due(this.next);
		if (due >= this.plan.end()) {
			return;
		}
		boolean canSpin = this.alone && this.channel != null && this.inflight.isEmpty();
		if (due > now && canSpin && due - now <= SPIN_NANOS) {
			while ((now = System.nanoTime()) < due) {
				Thread.onSpinWait();
			}
		}
		if (due > now) {
			wakeUpIn(canSpin ? due - now - SPIN_NANOS : due - now);
			return;
		}
		if (!connected()) {
			return;
		}
		while (this.inflight.size() < this.plan.depth() && due <= now && due < this.plan.end()) {
			send(due);
			due = due(++this.next);
		}
		this.channel.flush();
		if (this.inflight.size() < this.plan.depth() && due < this.plan.end()) {
			wakeUpIn(due - now);
		}
	}

	private void pumpClosedLoop(long now) {
		if (!this.inflight.isEmpty() || now >= this.plan.end()) {
			return;
		}
		if (now < this.plan.start()) {
			wakeUpIn(this.plan.start() - now);
			return;
		}
		if (!connected()) {
			return;
		}
		for (int i = 0; i < this.plan.depth(); i++) {
			send(now);
		}
		this.channel.flush();
	}

	private void send(long start) {
		this.transport.write(this.channel);
		this.inflight.add(start);
		this.inflightCount = this.inflight.size();
		this.stats.sent(start);
	}

	private void wakeUpIn(long nanos) {
		if (this.timer == null) {
			this.timer = this.loop.schedule(() -> {
				this.timer = null;
				pump();
			}, nanos, TimeUnit.NANOSECONDS);
		}
	}

	/** Whether the connection is open; if not, opens it and pumps again once it is. */
	private boolean connected() {
		if (this.channel != null) {
			return true;
		}
		if (!this.connecting) {
			this.connecting = true;
			this.transport.connect(this.bootstrap, this).addListener(this::connectDone);
		}
		return false;
	}

	private void connectDone(Future<? super Channel> future) {
		this.connecting = false;
		if (!future.isSuccess()) {
			this.stats.connectFailed(System.nanoTime());
			if (!this.stopped) {
				wakeUpIn(RECONNECT_DELAY_NANOS);
			}
			return;
		}
		Channel opened = (Channel) future.getNow();
		if (this.stopped) {
			opened.close();
			return;
		}
		this.channel = opened;
		opened.closeFuture().addListener((closed) -> closed(opened));
		pump();
	}

	private void closed(Channel closed) {
		if (closed != this.channel) {
			return; // closed by us
		}
		this.channel = null;
		while (!this.inflight.isEmpty()) {
			this.stats.lost(this.inflight.poll());
		}
		this.inflightCount = 0;
		pump();
	}

	@Override
	public void onResponse(boolean success) {
		long now = System.nanoTime();
		if (this.inflight.isEmpty()) {
			return; // a response we did not ask for, or after stop()
		}
		this.stats.completed(this.inflight.poll(), now, success);
		this.inflightCount = this.inflight.size();
		if (this.plan.newConnectionPerRequest() && this.inflight.isEmpty()) {
			Channel current = this.channel;
			this.channel = null;
			current.close();
		}
		pump();
	}

}
