package com.billingengine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The house rules of docs/architecture.md, checked on every build. */
@AnalyzeClasses(packages = "com.billingengine", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The simulator is reached through its endpoint URL, exactly as moto or AWS: only the command line starts it. */
    @ArchTest
    static final ArchRule sandboxIsUsedOnlyByTheCommandLine = noClasses()
            .that().resideOutsideOfPackages("..sandbox..", "..cli..")
            .should().dependOnClassesThat().resideInAPackage("..sandbox..");

    /** Only cli prints for people; everything else logs. */
    @ArchTest
    static final ArchRule onlyTheCommandLinePrints = noClasses()
            .that().resideOutsideOfPackages("..cli..")
            .should().accessField(System.class, "out").orShould().accessField(System.class, "err");

    /** Only identity knows how credentials are obtained. */
    @ArchTest
    static final ArchRule onlyIdentityObtainsCredentials = noClasses()
            .that().resideOutsideOfPackages("..identity..", "..sandbox..")
            .should().dependOnClassesThat().resideInAnyPackage("com.microsoft.aad.msal4j..",
                    "software.amazon.awssdk.services.sts.auth..", "software.amazon.awssdk.auth.credentials..");

    /** Data walks one way: the step packages never reach back into the job wiring or the command line. */
    @ArchTest
    static final ArchRule stepsDoNotDependOnTheJobOrTheCommandLine = noClasses()
            .that().resideInAnyPackage("..payers..", "..accounts..", "..costs..", "..pricing..", "..reconciliation..",
                    "..export..", "..identity..", "..onboarding..")
            .should().dependOnClassesThat().resideInAnyPackage("..cli..", "com.billingengine.job..");
}
