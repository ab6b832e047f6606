package io.ujrpc.dispatch;

/**
 * Where a JSON-RPC method runs.
 */
public enum ExecutionMode {

	/**
	 * On the I/O thread that read the request: no thread hop, but the method must neither
	 * block nor compute for long.
	 */
	IO_THREAD,

	/**
	 * On the blocking executor, so that the I/O threads keep serving other connections.
	 */
	BLOCKING

}
