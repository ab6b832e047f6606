package io.ujrpc.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

import io.ujrpc.annotation.JsonRpcErrorMapping;
import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.annotation.JsonRpcParam;
import io.ujrpc.protocol.JsonRpcException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/*
 * Files of any size, streamed: POST /rest/upload?name=x with an application/octet-stream body,
 * GET /rest/download?name=x. Kept in a directory of their own (sample.files.directory).
 */
@Component
class FileService {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private final Path directory;

	FileService(@Value("${sample.files.directory:${java.io.tmpdir}/ujrpc-sample-files}") Path directory) {
		this.directory = directory;
	}

	/*
	 * Reads the body as it arrives (never held whole in memory) and stores it under its
	 * name.
	 */
	@JsonRpcMethod(value = "upload", summary = "Stores a file streamed as the request body",
			description = "POST /rest/upload?name=x with Content-Type: application/octet-stream; "
					+ "answers the number of bytes stored.")
	long upload(@JsonRpcParam(value = "name", description = "Letters, digits, '.', '_' and '-'") String name,
			InputStream data) throws IOException {
		Path target = file(name);
		Files.createDirectories(this.directory);
		Path partial = Files.createTempFile(this.directory, ".upload-", ".part");
		try {
			long stored;
			try (OutputStream out = Files.newOutputStream(partial)) {
				stored = data.transferTo(out);
			}
			Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			return stored;
		}
		finally {
			Files.deleteIfExists(partial);
		}
	}

	/*
	 * Streams a stored file back (chunked); the server closes the stream when it is sent.
	 */
	@JsonRpcMethod(value = "download", summary = "Streams a stored file back",
			description = "GET /rest/download?name=x; error 4004 (HTTP 404) when there is no such file.")
	InputStream download(@JsonRpcParam(value = "name", description = "A name given to upload") String name)
			throws NoSuchStoredFileException {
		try {
			return Files.newInputStream(file(name));
		}
		catch (NoSuchFileException ex) {
			throw new NoSuchStoredFileException();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Path file(String name) {
		if (!NAME.matcher(name).matches()) {
			throw new JsonRpcException(-32602, "Invalid params",
					"name: letters, digits, '.', '_' and '-', at most 64, not starting with '.', '_' or '-'");
		}
		return this.directory.resolve(name);
	}

	/*
	 * No file of that name was uploaded.
	 */
	@JsonRpcErrorMapping(code = 4004, message = "No such file", httpStatus = 404)
	static final class NoSuchStoredFileException extends Exception {

		private static final long serialVersionUID = 1L;

	}

}
