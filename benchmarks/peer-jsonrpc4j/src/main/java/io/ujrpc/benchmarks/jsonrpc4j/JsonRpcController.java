package io.ujrpc.benchmarks.jsonrpc4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.googlecode.jsonrpc4j.JsonRpcBasicServer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hands the request body to jsonrpc4j's {@link JsonRpcBasicServer}. Its Spring exporters
 * ({@code JsonServiceExporter}) target the {@code javax.servlet} API and do not run on
 * Boot 3+, so a controller is how jsonrpc4j is used on Boot today.
 */
@RestController
class JsonRpcController {

	private final JsonRpcBasicServer server;

	JsonRpcController(BenchmarkService service) {
		// jsonrpc4j is built on Jackson 2; Boot 4's mapper is Jackson 3, so it gets its
		// own
		this.server = new JsonRpcBasicServer(new ObjectMapper(), service, BenchmarkService.class);
	}

	@PostMapping(path = "/", consumes = MediaType.APPLICATION_JSON_VALUE)
	void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		this.server.handleRequest(request.getInputStream(), body);
		if (body.size() == 0) {
			// only notifications: nothing to answer
			response.setStatus(HttpServletResponse.SC_NO_CONTENT);
			return;
		}
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(body.size());
		body.writeTo(response.getOutputStream());
	}

}
