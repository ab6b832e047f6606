package io.ujrpc.benchmarks.jsonrpc4j;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * jsonrpc4j serving the benchmark methods behind a Spring MVC controller on Tomcat.
 */
@SpringBootApplication
public class Jsonrpc4jPeerApplication {

	public static void main(String[] args) {
		SpringApplication.run(Jsonrpc4jPeerApplication.class, args);
	}

}
