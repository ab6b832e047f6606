package io.ujrpc.benchmarks.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Spring WebFlux on Reactor Netty serving the benchmark methods from a hand-written
 * controller.
 */
@SpringBootApplication
public class WebFluxPeerApplication {

	public static void main(String[] args) {
		SpringApplication.run(WebFluxPeerApplication.class, args);
	}

}
