package io.ujrpc.benchmarks.tomcat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Spring MVC on Tomcat serving the benchmark methods from a hand-written controller.
 */
@SpringBootApplication
public class TomcatPeerApplication {

	public static void main(String[] args) {
		SpringApplication.run(TomcatPeerApplication.class, args);
	}

}
