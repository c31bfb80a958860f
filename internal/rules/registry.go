package rules

import "github.com/dpgcheck/dpgcheck/internal/criteria"

// all is every rule, in catalogue order. Every criterion of the catalogue
// has exactly one rule here or maps to one (TestRegistryMatchesCatalog).
var all = []Rule{
	{ID: "dpg-1", Check: sdgRelevance},
	{ID: "dpg-2", Check: openLicence},
	{ID: "dpg-3", Check: clearOwnership},
	{ID: "dpg-4", Check: platformIndependence},
	{ID: "dpg-5", Check: documentation},
	{ID: "dpg-6", Check: dataExtraction},
	{ID: "dpg-7", Check: privacyAndLaws},
	{ID: "dpg-8", Check: standardsAndPractices},
	{ID: "dpg-9a", Check: dataPrivacySecurity},
	{ID: "dpg-9b", Check: harmfulContent},
	{ID: "dpg-9c", Check: harassment},

	// GovStack cross-functional requirements 2.1, in catalogue order. The
	// 23Q4 rules have no entries: each maps to its successor here.
	{ID: "govstack-cfr-development#req-1", Check: versionControl},
	{ID: "govstack-cfr-development#req-2", Check: englishAndStyle},
	{ID: "govstack-cfr-development#req-3", Check: openSourceLicence},
	{ID: "govstack-cfr-development#req-4", Check: migrations},
	{ID: "govstack-cfr-development#req-5", Check: testCoverage},
	{ID: "govstack-cfr-development#req-6", Check: securityAudits},
	{ID: "govstack-cfr-development#req-7", Check: endOfLife},
	{ID: "govstack-cfr-development#req-8", Check: mainLanguage},
	{ID: "govstack-cfr-development#req-9", Check: publicCode},
	{ID: "govstack-cfr-deployment#req-1", Check: containerImage},
	{ID: "govstack-cfr-deployment#req-2", Check: unlessStatelessFrontend("the backups belong to the system whose API it calls", backupRestore)},
	{ID: "govstack-cfr-deployment#req-3", Check: deploymentDocs},
	{ID: "govstack-cfr-deployment#req-4", Check: imageSigning},
	{ID: "govstack-cfr-deployment#req-5", Check: rollback},
	{ID: "govstack-cfr-deployment#req-6", Check: multiEnvironment},
	{ID: "govstack-cfr-deployment#req-7", Check: deploymentScripts},
	{ID: "govstack-cfr-deployment#req-8", Check: continuousDelivery},
	{ID: "govstack-cfr-deployment#req-9", Check: highAvailability},
	{ID: "govstack-cfr-deployment#req-10", Check: gracefulShutdown},
	{ID: "govstack-cfr-deployment#req-11", Check: resourceLimits},
	{ID: "govstack-cfr-deployment#req-12", Check: minimalBaseImage},
	{ID: "govstack-cfr-architecture#req-1", Check: autonomous},
	{ID: "govstack-cfr-architecture#req-2", Check: onlyViaAPI},
	{ID: "govstack-cfr-architecture#req-3", Check: versionedAPIs},
	{ID: "govstack-cfr-architecture#req-4", Check: statelessAPIs},
	{ID: "govstack-cfr-architecture#req-5", Check: idempotentMethods},
	{ID: "govstack-cfr-architecture#req-6", Check: restGuidelinesPart1},
	{ID: "govstack-cfr-architecture#req-7", Check: restGuidelines},
	{ID: "govstack-cfr-architecture#req-8", Check: separatedUI},
	{ID: "govstack-cfr-architecture#req-9", Check: noDatabaseLogic},
	{ID: "govstack-cfr-architecture#req-10", Check: manual},
	{ID: "govstack-cfr-architecture#req-11", Check: asyncFirst},
	{ID: "govstack-cfr-architecture#req-12", Check: resilience},
	{ID: "govstack-cfr-architecture#req-13", Check: correlationIDs},
	{ID: "govstack-cfr-architecture#req-14", Check: webhooks},
	{ID: "govstack-cfr-architecture#req-15", Check: observability},
	{ID: "govstack-cfr-architecture#req-16", Check: manual},
	{ID: "govstack-cfr-architecture#req-17", Check: deprecationLifecycle},
	{ID: "govstack-cfr-architecture#req-18", Check: manual},
	{ID: "govstack-cfr-architecture#req-19", Check: asyncSchemas},
	{ID: "govstack-cfr-quality#req-1", Check: englishDocumentation},
	{ID: "govstack-cfr-quality#req-2", Check: webStandards},
	{ID: "govstack-cfr-quality#req-3", Check: accessibility},
	{ID: "govstack-cfr-quality#req-4", Check: unlessStatelessFrontend("the OpenAPI description belongs to the system whose API it calls", openAPIProvided)},
	{ID: "govstack-cfr-quality#req-5", Check: useCases},
	{ID: "govstack-cfr-quality#req-6", Check: functionalTests},
	{ID: "govstack-cfr-quality#req-7", Check: mockImplementation},
	{ID: "govstack-cfr-quality#req-8", Check: localisation},
	{ID: "govstack-cfr-security#req-1", Check: transportSecurity},
	{ID: "govstack-cfr-security#req-2", Check: currentCrypto},
	{ID: "govstack-cfr-security#req-3", Check: accessControl},
	{ID: "govstack-cfr-security#req-4", Check: secureConfiguration},
	{ID: "govstack-cfr-security#req-5", Check: noCommittedSecrets},
	{ID: "govstack-cfr-security#req-6", Check: sanitization},
	{ID: "govstack-cfr-security#req-7", Check: securityLogging},
	{ID: "govstack-cfr-security#req-8", Check: isolation},
	{ID: "govstack-cfr-security#req-9", Check: apiGateway},
	{ID: "govstack-cfr-security#req-10", Check: keyRotation},
	{ID: "govstack-cfr-security#req-11", Check: vulnerabilityScanning},
	{ID: "govstack-cfr-security#req-12", Check: recoveryPlans},
	{ID: "govstack-cfr-security#req-13", Check: auditReadiness},
	{ID: "govstack-cfr-security#req-14", Check: encryptionAtRest},
	{ID: "govstack-cfr-security#req-15", Check: sbom},
	{ID: "govstack-cfr-security#req-16", Check: noSensitiveErrors},
	{ID: "govstack-cfr-data#req-1", Check: unicodeText},
	{ID: "govstack-cfr-data#req-2", Check: iso8601},
	{ID: "govstack-cfr-data#req-3", Check: standardFormats},
	{ID: "govstack-cfr-data#req-4", Check: dataProtection},
	{ID: "govstack-cfr-data#req-5", Check: dataValidation},
	{ID: "govstack-cfr-data#req-6", Check: domainData},
	{ID: "govstack-cfr-data#req-7", Check: softDelete},
	{ID: "govstack-cfr-data#req-8", Check: dataExport},
	{ID: "govstack-cfr-data#req-9", Check: provenance},
	{ID: "govstack-cfr-data#req-10", Check: retention},
	{ID: "govstack-cfr-data#req-11", Check: residency},
	{ID: "govstack-cfr-data#req-12", Check: unlessStatelessFrontend("the data model belongs to the system that keeps the data", publishedDataModel)},
	{ID: "govstack-cfr-data#req-13", Check: classification},
	{ID: "govstack-cfr-data#req-14", Check: anonymization},
}

// ruleFor returns the rule deciding c: its own, or for a criterion that maps
// to a successor (a GovStack 23Q4 rule and its govstack-cfr replacement),
// the successor's, so both editions always decide alike.
func ruleFor(c criteria.Criterion) (Rule, bool) {
	if r, ok := lookup(c.ID); ok {
		return r, true
	}
	if c.Family == criteria.APIConformance {
		return Rule{ID: c.ID, Check: apiConformance}, true
	}
	if c.Family == criteria.RegistryDrift {
		return Rule{ID: c.ID, Check: registryDrift}, true
	}
	if c.Maps != "" {
		return lookup(c.Maps)
	}
	return Rule{}, false
}

func lookup(id string) (Rule, bool) {
	for _, r := range all {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// IDs returns the ids of every rule, in registry order.
func IDs() []string {
	out := make([]string, len(all))
	for i, r := range all {
		out[i] = r.ID
	}
	return out
}
