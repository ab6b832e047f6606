import io.ujrpc.annotation.JsonRpcMethod;
import io.ujrpc.dispatch.MethodRegistry;
import io.ujrpc.server.JsonRpcServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ujrpc peer of the NumPy RPC benchmark: {@code echo(double[])} and, where the
 * classes have it, {@code echoArray(NdArray)}, on the port given.
 * Usage: java -cp ujrpc-core-classes:deps NumpyEchoServer PORT
 */
public class NumpyEchoServer {

	public static class Doubles {

		@JsonRpcMethod(value = "echo", nonBlocking = true)
		public double[] echo(double[] values) {
			return values;
		}

	}

	public static class Arrays {

		@JsonRpcMethod(value = "echoArray", nonBlocking = true)
		public io.ujrpc.array.NdArray echoArray(io.ujrpc.array.NdArray array) {
			return array;
		}

	}

	public static void main(String[] args) {
		MethodRegistry.Builder registry = MethodRegistry.builder(JsonMapper.builder().build())
			.addAnnotated(new Doubles());
		try {
			Class.forName("io.ujrpc.array.NdArray");
			registry.addAnnotated(new Arrays());
		}
		catch (ClassNotFoundException ex) {
			System.out.println("no NdArray in these classes: echo only");
		}
		JsonRpcServer server = JsonRpcServer.builder(registry.build()).port(Integer.parseInt(args[0])).build().start();
		System.out.println("ujrpc listening on " + server.port());
	}

}
