package io.ujrpc.architecture;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of ujrpc-core: packages form a DAG, the Netty handlers are not API, and the
 * public API is exactly the listed types, so that it grows only on purpose.
 */
class PackageStructureTests {

	private static final JavaClasses CORE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.ujrpc");

	/**
	 * The public types of ujrpc-core outside {@code io.ujrpc.internal}: what a user of
	 * the server needs. The three protocol initializers are public only for the server
	 * (and the hot-path benchmarks) to assemble pipelines; their packages say so.
	 */
	private static final List<String> PUBLIC_API = List.of("io.ujrpc.annotation.JsonRpcErrorMapping",
			"io.ujrpc.annotation.JsonRpcMethod", "io.ujrpc.annotation.JsonRpcParam", "io.ujrpc.annotation.RestBody",
			"io.ujrpc.annotation.RestMapping", "io.ujrpc.array.Base64Members", "io.ujrpc.array.Base64StringNode",
			"io.ujrpc.array.DoubleNodeList", "io.ujrpc.array.NdArray", "io.ujrpc.array.PrimitiveArrayModule",
			"io.ujrpc.array.PrimitiveArrays", "io.ujrpc.context.ExchangeAuthenticationException",
			"io.ujrpc.context.ExchangeAuthenticator", "io.ujrpc.context.ExchangeContext",
			"io.ujrpc.context.RequestContext", "io.ujrpc.context.RequestHeaders",
			"io.ujrpc.dispatch.BeanParameterValidator", "io.ujrpc.dispatch.ExecutionMode",
			"io.ujrpc.dispatch.InvalidParamsException", "io.ujrpc.dispatch.JsonRpcDispatcher",
			"io.ujrpc.dispatch.JsonRpcExceptionResolver", "io.ujrpc.dispatch.JsonRpcInterceptor",
			"io.ujrpc.dispatch.MethodInvoker", "io.ujrpc.dispatch.MethodNamePatterns",
			"io.ujrpc.dispatch.MethodRegistrationException", "io.ujrpc.dispatch.MethodRegistry",
			"io.ujrpc.dispatch.ParameterValidator", "io.ujrpc.dispatch.ParameterViolation",
			"io.ujrpc.dispatch.ServiceDiscovery", "io.ujrpc.observation.DefaultJsonRpcServerObservationConvention",
			"io.ujrpc.observation.JsonRpcObservationDocumentation", "io.ujrpc.observation.JsonRpcOutcome",
			"io.ujrpc.observation.JsonRpcServerCallRecorder", "io.ujrpc.observation.JsonRpcServerContext",
			"io.ujrpc.observation.JsonRpcServerObservationConvention", "io.ujrpc.observation.ServerMetricsListener",
			"io.ujrpc.openrpc.ExplorerHttpRoute", "io.ujrpc.openrpc.OpenRpcDiscovery",
			"io.ujrpc.openrpc.OpenRpcHttpRoute", "io.ujrpc.openrpc.OpenRpcServer", "io.ujrpc.protocol.Encoding",
			"io.ujrpc.protocol.InvalidRequest", "io.ujrpc.protocol.JsonRpcCodec", "io.ujrpc.protocol.JsonRpcEntry",
			"io.ujrpc.protocol.JsonRpcError", "io.ujrpc.protocol.JsonRpcErrorCode",
			"io.ujrpc.protocol.JsonRpcException", "io.ujrpc.protocol.JsonRpcPayload", "io.ujrpc.protocol.JsonRpcReply",
			"io.ujrpc.protocol.JsonRpcRequest", "io.ujrpc.protocol.JsonRpcResponse",
			"io.ujrpc.protocol.MessagePackSupport", "io.ujrpc.protocol.Protocol", "io.ujrpc.server.BlockingExecutors",
			"io.ujrpc.server.JsonRpcServer", "io.ujrpc.server.ServerStartException",
			"io.ujrpc.server.config.CorsSettings", "io.ujrpc.server.config.DispatchSettings",
			"io.ujrpc.server.config.HttpSettings", "io.ujrpc.server.config.JsonRpcServerConfig",
			"io.ujrpc.server.config.ManagementSettings", "io.ujrpc.server.config.RestSettings",
			"io.ujrpc.server.config.TcpSettings", "io.ujrpc.server.config.WebSocketSettings",
			"io.ujrpc.server.http.HttpServerInitializer", "io.ujrpc.server.route.HttpRoute",
			"io.ujrpc.server.route.HttpRouteRequest", "io.ujrpc.server.route.HttpRouteResponse",
			"io.ujrpc.server.tcp.TcpServerInitializer", "io.ujrpc.server.tls.ServerSslContexts",
			"io.ujrpc.server.transport.TransportType", "io.ujrpc.server.transport.TransportUnavailableException",
			"io.ujrpc.server.websocket.WebSocketInitializer");

	@Test
	void packagesHaveNoCycles() {
		slices().matching("io.ujrpc.(**)").should().beFreeOfCycles().check(CORE);
	}

	@Test
	void dispatchKnowsNothingOfNettyOrTheServer() {
		noClasses().that()
			.resideInAnyPackage("io.ujrpc.dispatch..", "io.ujrpc.protocol..", "io.ujrpc.observation..",
					"io.ujrpc.annotation..", "io.ujrpc.context..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.netty..", "io.ujrpc.server", "io.ujrpc.server.http..", "io.ujrpc.server.tcp..",
					"io.ujrpc.server.websocket..", "io.ujrpc.internal..")
			.check(CORE);
	}

	@Test
	void handlersAndDecodersAreNotPublicOutsideInternal() {
		classes().that()
			.areAssignableTo(ChannelHandler.class)
			.and()
			.areNotAssignableTo(ChannelInitializer.class)
			.and()
			.resideOutsideOfPackage("io.ujrpc.internal..")
			.should()
			.notBePublic()
			.check(CORE);
	}

	@Test
	void publicApiIsTheListedTypes() {
		List<String> publicTypes = CORE.stream()
			.filter((type) -> type.getModifiers().contains(JavaModifier.PUBLIC))
			.filter((type) -> type.getEnclosingClass().isEmpty())
			.filter((type) -> !type.getPackageName().startsWith("io.ujrpc.internal"))
			.map(JavaClass::getName)
			.sorted()
			.toList();
		assertThat(publicTypes).containsExactlyElementsOf(PUBLIC_API);
	}

}
