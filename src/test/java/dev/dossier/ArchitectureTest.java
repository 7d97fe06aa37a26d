package dev.dossier;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Keeps dependencies pointing inward, as the package-by-feature layout intends. */
class ArchitectureTest {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.dossier");

	@Test
	void storageHasNoWebTypes() {
		ArchRule rule = noClasses().that()
			.resideInAPackage("dev.dossier.storage..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.dossier.web..", "dev.dossier.upload..", "dev.dossier.avatar..",
					"dev.dossier.cv..", "dev.dossier.profile..", "dev.dossier.account..", "org.springframework.web..",
					"jakarta.servlet..");
		rule.check(CLASSES);
	}

	@Test
	void uploadKnowsNoFeature() {
		ArchRule rule = noClasses().that()
			.resideInAPackage("dev.dossier.upload..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.dossier.avatar..", "dev.dossier.cv..", "dev.dossier.profile..",
					"dev.dossier.account..");
		rule.check(CLASSES);
	}

	@Test
	void nothingDependsOnControllers() {
		ArchRule rule = noClasses().that()
			.areNotAnnotatedWith(RestController.class)
			.and()
			.areNotNestedClasses()
			.should()
			.dependOnClassesThat()
			.areAnnotatedWith(RestController.class);
		rule.check(CLASSES);
	}

}
