package io.ujrpc.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of ujrpc-autoconfigure: its packages form a DAG, and it configures the server
 * through ujrpc-core's API only, never its internals.
 */
class AutoConfigurePackageStructureTests {

	private static final JavaClasses AUTOCONFIGURE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
		.importPackages("io.ujrpc.autoconfigure", "io.ujrpc.spring");

	@Test
	void packagesHaveNoCycles() {
		slices().matching("io.ujrpc.(**)").should().beFreeOfCycles().check(AUTOCONFIGURE);
	}

	@Test
	void coreInternalsAreNotUsed() {
		noClasses().should().dependOnClassesThat().resideInAPackage("io.ujrpc.internal..").check(AUTOCONFIGURE);
	}

}
