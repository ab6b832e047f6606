package io.ujrpc.benchmarks.ujrpc;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The ujrpc starter serving the benchmark methods, written the way its users write it.
 */
@SpringBootApplication
public class UjrpcPeerApplication {

	public static void main(String[] args) {
		SpringApplication.run(UjrpcPeerApplication.class, args);
	}

}
