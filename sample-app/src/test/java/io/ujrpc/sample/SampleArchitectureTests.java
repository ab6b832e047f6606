package io.ujrpc.sample;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * What a user writes touches only ujrpc's API: nothing from {@code io.ujrpc.internal}.
 */
class SampleArchitectureTests {

	@Test
	void sampleUsesNoUjrpcInternals() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAPackage("io.ujrpc.internal..")
			.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
				.importPackages("io.ujrpc.sample"));
	}

}
